using CchcLedger.Api.Hosting;
using CchcLedger.Domain.Agencies;
using Marten;
using Wolverine.Http;

namespace CchcLedger.Api.Agencies;

public static class ListAgenciesEndpoint
{
    /// <summary>Every agency as it stands now, by block then code; <c>?block=</c> narrows to one block.</summary>
    [Api("Danh sách đơn vị", "List the agencies")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<IReadOnlyList<Agency>>(200)]
    [Refuses(400)]
    [WolverineGet("/api/agencies")]
    public static async Task<IResult> Get(IQuerySession session, string? block)
    {
        if (block is not null && (await session.BlocksAsync()).RefuseUnlessDefined("block", block, Domain.RefusalKind.Invalid) is { } badBlock)
            return Problems.For(badBlock);
        return Results.Ok((await (block is null ? session.Query<Agency>() : session.Query<Agency>().Where(a => a.Block == block)).ToListAsync())
            .OrderBy(a => a.Block, StringComparer.Ordinal).ThenBy(a => a.Code, StringComparer.Ordinal)
            .ToList());
    }
}
