using CchcLedger.Api.Hosting;
using CchcLedger.Api.Rankings;
using CchcLedger.Domain;
using CchcLedger.Domain.Criteria;
using CchcLedger.Domain.Scoring;
using Marten;
using Wolverine.Http;

namespace CchcLedger.Api.Scorecards;

public sealed record YearStanding(int Year, string Block, SetRef CriteriaSet, decimal Total, decimal MaxPoints, decimal Index, string Classification, int? Rank, int RankedAgencies);

/// <summary>One area in both years, matched by code; <c>presence</c> is both, thisYearOnly or otherYearOnly.</summary>
public sealed record AreaComparison(string Code, string Presence, string? Title, string? OtherTitle, decimal? Points, decimal? Max, decimal? OtherPoints, decimal? OtherMax, decimal? Change);

public sealed record YearComparison(string Agency, string Name, YearStanding This, YearStanding Other, decimal TotalChange, int? RankChange, IReadOnlyList<AreaComparison> Areas)
{
    public static async Task<(YearComparison? View, Refusal? Refusal)> LoadAsync(IQuerySession session, int year, string agency, int other, CancellationToken ct = default)
    {
        if (await session.AgencyAsync(agency, ct) is not { } found) return (null, Refusal.NotFound("agency", $"agency '{agency}' is not registered"));
        if (other == year) return (null, Refusal.Invalid("with", "must be another year than the one compared"));
        var (thisYear, thisRefusal) = await StandingAsync(session, year, agency, "year", ct);
        if (thisRefusal is not null) return (null, thisRefusal);
        var (otherYear, otherRefusal) = await StandingAsync(session, other, agency, "with", ct);
        if (otherRefusal is not null) return (null, otherRefusal);

        var (a, aView) = thisYear!.Value;
        var (b, bView) = otherYear!.Value;
        var areas = aView.Areas.Select(x => (x.Code, This: (ScoredNode?)x, Other: bView.Areas.FirstOrDefault(y => y.Code == x.Code)))
            .Concat(bView.Areas.Where(y => aView.Areas.All(x => x.Code != y.Code)).Select(y => (y.Code, This: (ScoredNode?)null, Other: (ScoredNode?)y)))
            .Select(p => new AreaComparison(p.Code,
                p.This is null ? "otherYearOnly" : p.Other is null ? "thisYearOnly" : "both",
                p.This?.Title, p.Other?.Title, p.This?.Points, p.This?.Max, p.Other?.Points, p.Other?.Max,
                p.This is not null && p.Other is not null ? p.This.Points - p.Other.Points : null))
            .ToList();
        return (new YearComparison(agency, found.Name, a, b, a.Total - b.Total, a.Rank is { } ra && b.Rank is { } rb ? rb - ra : null, areas), null);
    }

    private static async Task<((YearStanding, ScorecardView)? Standing, Refusal? Refusal)> StandingAsync(IQuerySession session, int year, string agency, string field, CancellationToken ct)
    {
        if (await session.ScorecardAsync(year, agency, ct) is not { } card)
            return (null, Refusal.NotFound(field, $"agency '{agency}' has no scorecard for {year}"));
        var set = await session.CriteriaSetAsync(card.CriteriaSetId, ct);
        var view = ScorecardView.Of(card, set!, await session.AgencyAsync(agency, ct));
        var ranking = await BlockRanking.LoadAsync(session, year, card.Block, null, ct);
        var rank = ranking?.Entries.FirstOrDefault(e => e.Agency == agency)?.Rank;
        return ((new YearStanding(year, card.Block, view.CriteriaSet, view.Total, view.MaxPoints, view.Index, view.Classification, rank, ranking?.Entries.Count ?? 0), view), null);
    }
}

public static class CompareYearsEndpoint
{
    /// <summary>Total, index, class and rank in both years, and each area matched by code; a positive rankChange is a climb.</summary>
    [Api("So sánh với năm khác", "Compare with another year")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<YearComparison>(200)]
    [Refuses(400, 404)]
    [WolverineGet("/api/years/{year}/scorecards/{agency}/comparison")]
    public static async Task<IResult> Get(int year, string agency, int? with, IQuerySession session)
    {
        if (with is null) return Problems.Make(400, "Invalid request", "with", "is required: the year to compare with, such as ?with=2016");
        var (view, refusal) = await YearComparison.LoadAsync(session, year, agency, with.Value);
        return refusal is not null ? Problems.For(refusal) : Results.Ok(view);
    }
}
