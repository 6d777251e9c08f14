using CchcLedger.Api.Hosting;
using CchcLedger.Domain;
using CchcLedger.Domain.Criteria;
using CchcLedger.Domain.Scorecards;
using CchcLedger.Domain.Scoring;
using CchcLedger.Projections;
using Marten;
using Wolverine.Http;

namespace CchcLedger.Api.Scorecards;

/// <summary>How every point of a scorecard came to be: each leaf's chain of events and each node's total with its cap.</summary>
public sealed record DerivationView(
    int Year,
    string Agency,
    string Name,
    string Block,
    DateTimeOffset? AsOf,
    SetRef CriteriaSet,
    IReadOnlyList<LeafDerivation> Leaves,
    IReadOnlyList<NodeTotal> Nodes,
    decimal Total,
    decimal MaxPoints,
    decimal Index,
    string Classification)
{
    public static async Task<(DerivationView? View, Refusal? Refusal)> LoadAsync(IQuerySession session, int year, string agency, Cut? cut, CancellationToken ct = default)
    {
        if (await session.AgencyAsync(agency, ct) is null) return (null, Refusal.NotFound("agency", $"agency '{agency}' is not registered"));
        var events = await History.StreamAsync(session, Scorecard.StreamKey(year, agency), cut, ct);
        if (events.FirstOrDefault()?.Data is not ScorecardOpened opened)
            return (null, Refusal.NotFound(cut is null ? "year" : "asOf", cut is null
                ? $"agency '{agency}' has no scorecard for {year}"
                : $"as of {cut.Value.Instant:O} agency '{agency}' had no scorecard for {year} yet"));

        var set = await History.CriteriaSetAsync(session, opened.CriteriaSetId, cut, ct);
        var name = (await History.AgencyAsync(session, agency, cut, ct))?.Name ?? agency;
        var d = Derivation.Derive(set!.Rules, events);
        return (new DerivationView(year, agency, name, opened.Block, cut?.Instant, new SetRef(set.SetId, set.RulesVersion),
            d.Leaves, d.Nodes, d.Total, d.MaxPoints, d.Index, d.Classification), null);
    }
}

public static class GetDerivationEndpoint
{
    [Api("Cách tính điểm của phiếu", "How a scorecard is computed")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<DerivationView>(200)]
    [Refuses(400, 404)]
    [WolverineGet("/api/years/{year}/scorecards/{agency}/derivation")]
    public static async Task<IResult> Get(int year, string agency, DateTimeOffset? asOf, string? axis, IQuerySession session, TimeProvider clock)
    {
        var (cut, badCut) = History.CutOf(asOf, axis, clock);
        if (badCut is not null) return Problems.For(badCut);
        var (view, refusal) = await DerivationView.LoadAsync(session, year, agency, cut);
        return refusal is not null ? Problems.For(refusal) : Results.Ok(view);
    }
}
