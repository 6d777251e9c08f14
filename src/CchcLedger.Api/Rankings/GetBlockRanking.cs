using CchcLedger.Api.Hosting;
using CchcLedger.Domain;
using CchcLedger.Projections;
using Marten;
using Wolverine.Http;

namespace CchcLedger.Api.Rankings;

public static class GetBlockRankingEndpoint
{
    /// <summary>The ranking now, or <c>?asOf=</c> as the ledger had recorded it at that instant.</summary>
    [WolverineGet("/api/years/{year}/rankings/{block}")]
    public static async Task<IResult> Get(int year, string block, DateTimeOffset? asOf, IQuerySession session, TimeProvider clock)
    {
        if (History.Check(asOf, clock) is { } future) return Problems.For(future);
        if (!Blocks.IsKnown(block))
            return Problems.Make(404, "Not found", "block", $"'{block}' is not a block; blocks are {Blocks.Describe()}");
        return await BlockRanking.LoadAsync(session, year, block, asOf is { } t ? new Cut(t) : null) is { } ranking
            ? Results.Ok(ranking)
            : Problems.Make(404, "Not found", asOf is null ? "year" : "asOf", asOf is null
                ? $"no criteria set is adopted for {year} and block '{block}'"
                : $"as of {asOf:O} no criteria set had been adopted for {year} and block '{block}'");
    }
}
