using CchcLedger.Api.Hosting;
using CchcLedger.Domain;
using CchcLedger.Projections;
using Marten;
using Wolverine.Http;

namespace CchcLedger.Api.Rankings;

public static class GetBlockRankingEndpoint
{
    /// <summary>
    /// The ranking now, or <c>?asOf=</c> as the ledger had recorded it at that instant, or <c>?rules={setId}@{version}</c>:
    /// what-if, the year's entries scored under other rules, beside the official result.
    /// </summary>
    [Api("Xếp hạng một khối", "A block's ranking (or a what-if under other rules)")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<BlockRanking>(200)]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<WhatIfRanking>(200)]
    [Refuses(400, 404)]
    [WolverineGet("/api/years/{year}/rankings/{block}")]
    public static async Task<IResult> Get(int year, string block, DateTimeOffset? asOf, string? axis, string? rules, IQuerySession session, TimeProvider clock)
    {
        var (cut, badCut) = History.CutOf(asOf, axis, clock);
        if (badCut is not null) return Problems.For(badCut);
        if ((await session.BlocksAsync()).RefuseUnlessDefined("block", block) is { } badBlock) return Problems.For(badBlock);
        if (rules is not null)
        {
            if (asOf is not null) return Problems.Make(400, "Invalid request", "rules", "a what-if is computed on the entries as they stand now; leave out asOf");
            return await WhatIfRanking.LoadAsync(session, year, block, rules) switch
            {
                (_, { } refusal) => Problems.For(refusal),
                var (whatIf, _) => Results.Ok(whatIf),
            };
        }
        return await BlockRanking.LoadAsync(session, year, block, cut) is { } ranking
            ? Results.Ok(ranking)
            : Problems.Make(404, "Not found", asOf is null ? "year" : "asOf", asOf is null
                ? $"no criteria set is adopted for {year} and block '{block}'"
                : $"as of {asOf:O} no criteria set had been adopted for {year} and block '{block}'");
    }
}
