using Marten;
using Wolverine.Http;

namespace CchcLedger.Api.Blocks;

public static class ListBlocksEndpoint
{
    /// <summary>Every block ever defined, by code, retired ones included (their history stays readable).</summary>
    [WolverineGet("/api/blocks")]
    public static async Task<IResult> Get(IQuerySession session) => Results.Ok((await session.BlocksAsync()).All);
}
