using CchcLedger.Domain.Agencies;
using CchcLedger.Domain.Criteria;
using CchcLedger.Domain.Scorecards;
using CchcLedger.Domain.Scoring;

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
    public static ScorecardView Of(Scorecard card, CriteriaSet set, Agency? agency, DateTimeOffset? asOf = null)
    {
        var sheet = ScoreSheet.Score(set.Rules, card.Entries());
        return new ScorecardView(card.Year, card.Agency, agency?.Name ?? card.Agency, card.Block, asOf, new SetRef(set.SetId, set.RulesVersion),
            card.Submitted, sheet.Areas, sheet.Total, sheet.MaxPoints, sheet.Index, sheet.Classification);
    }
}
