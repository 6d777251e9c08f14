using CchcLedger.Domain.Agencies;
using Marten;
using Wolverine.Http;

namespace CchcLedger.Api.Agencies;

public static class ListAgenciesEndpoint
{
    /// <summary>Every agency as it stands now, by block then code; <c>?block=</c> narrows to one block.</summary>
    [WolverineGet("/api/agencies")]
    public static async Task<IReadOnlyList<Agency>> Get(IQuerySession session, string? block) =>
        (await session.Query<Agency>().ToListAsync())
            .Where(a => block is null || a.Block == block)
            .OrderBy(a => a.Block, StringComparer.Ordinal).ThenBy(a => a.Code, StringComparer.Ordinal)
            .ToList();
}
