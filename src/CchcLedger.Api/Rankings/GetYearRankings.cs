using CchcLedger.Api.Hosting;
using CchcLedger.Domain;
using CchcLedger.Projections;
using Marten;
using Wolverine.Http;

namespace CchcLedger.Api.Rankings;

/// <summary>Every ranked block of a year, and the count per class across the province.</summary>
public sealed record YearRankings(int Year, DateTimeOffset? AsOf, int Agencies, IReadOnlyList<ClassCount> Classes, IReadOnlyList<BlockRanking> Blocks)
{
    /// <summary>What "across" means here: the ledger's configured scope (<c>Ledger:Scope</c>), e.g. "tỉnh Lạng Sơn".</summary>
    public string? Scope { get; init; }

    public static async Task<YearRankings?> LoadAsync(IQuerySession session, int year, Cut? cut, CancellationToken ct = default)
    {
        var blocks = new List<BlockRanking>();
        // Every block ever defined: a retired block's past years are still ranked.
        foreach (var block in (await session.BlocksAsync(ct)).All.Select(b => b.Code))
            if (await BlockRanking.LoadAsync(session, year, block, cut, ct) is { } ranking) blocks.Add(ranking);
        if (blocks.Count == 0) return null;

        var classes = blocks.SelectMany(b => b.Classes)
            .GroupBy(c => c.Classification)
            .Select(g => new ClassCount(g.Key, g.Sum(c => c.Count)))
            .ToList();
        return new YearRankings(year, cut?.Instant, blocks.Sum(b => b.Entries.Count), classes, blocks);
    }
}

public static class GetYearRankingsEndpoint
{
    [Api("Xếp hạng cả năm", "The year's rankings, every block")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<YearRankings>(200)]
    [Refuses(400, 404)]
    [WolverineGet("/api/years/{year}/rankings")]
    public static async Task<IResult> Get(int year, DateTimeOffset? asOf, string? axis, IQuerySession session, TimeProvider clock, IConfiguration configuration)
    {
        var (cut, badCut) = History.CutOf(asOf, axis, clock);
        if (badCut is not null) return Problems.For(badCut);
        return await YearRankings.LoadAsync(session, year, cut) is { } rankings
            ? Results.Ok(rankings with { Scope = Web.LedgerScope.Of(configuration, "vi") })
            : Problems.Make(404, "Not found", asOf is null ? "year" : "asOf", asOf is null
                ? $"no criteria set is adopted for {year}"
                : $"as of {asOf:O} no criteria set had been adopted for {year}");
    }
}
