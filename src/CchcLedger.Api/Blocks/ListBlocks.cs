using CchcLedger.Api.Hosting;
using CchcLedger.Domain.Blocks;
using Marten;
using Wolverine.Http;

namespace CchcLedger.Api.Blocks;

public static class ListBlocksEndpoint
{
    /// <summary>Every block ever defined, by code, retired ones included (their history stays readable).</summary>
    [Api("Danh sách khối", "List the blocks")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<IReadOnlyList<Block>>(200)]
    [WolverineGet("/api/blocks")]
    public static async Task<IResult> Get(IQuerySession session) => Results.Ok((await session.BlocksAsync()).All);
}
