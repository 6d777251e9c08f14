using CchcLedger.Domain;
using CchcLedger.Domain.Agencies;
using CchcLedger.Domain.Criteria;
using CchcLedger.Domain.Scorecards;
using CchcLedger.Domain.Scoring;
using CchcLedger.Projections;
using Marten;

namespace CchcLedger.Api.Scorecards;

/// <summary>A scorecard as read: every node's points, every leaf's self, appraised and final points, the total, index and class.</summary>
public sealed record ScorecardView(
    int Year,
    string Agency,
    string Name,
    string Block,
    DateTimeOffset? AsOf,
    SetRef CriteriaSet,
    bool Submitted,
    IReadOnlyList<ScoredNode> Areas,
    decimal Total,
    decimal MaxPoints,
    decimal Index,
    string Classification)
{
    /// <summary>The scorecard now, or as recorded at the cut under the rules then in force; a refusal names what is missing.</summary>
    public static async Task<(ScorecardView? View, Refusal? Refusal)> LoadAsync(IQuerySession session, int year, string agency, Cut? cut, CancellationToken ct = default)
    {
        if (await session.AgencyAsync(agency, ct) is null) return (null, Refusal.NotFound("agency", $"agency '{agency}' is not registered"));
        if (await History.ScorecardAsync(session, year, agency, cut, ct) is not { } card)
            return (null, Refusal.NotFound(cut is null ? "year" : "asOf", cut is null
                ? $"agency '{agency}' has no scorecard for {year}"
                : $"as of {cut.Value.Instant:O} agency '{agency}' had no scorecard for {year} yet"));
        var set = await History.CriteriaSetAsync(session, card.CriteriaSetId, cut, ct);
        return (Of(card, set!, await History.AgencyAsync(session, agency, cut, ct), cut?.Instant), null);
    }

    public static ScorecardView Of(Scorecard card, CriteriaSet set, Agency? agency, DateTimeOffset? asOf = null)
    {
        var sheet = ScoreSheet.Score(set.Rules, card.Entries());
        return new ScorecardView(card.Year, card.Agency, agency?.Name ?? card.Agency, card.Block, asOf, new SetRef(set.SetId, set.RulesVersion),
            card.Submitted, sheet.Areas, sheet.Total, sheet.MaxPoints, sheet.Index, sheet.Classification);
    }
}
