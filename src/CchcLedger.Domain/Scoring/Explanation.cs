using CchcLedger.Domain.Criteria;
using CchcLedger.Domain.Scorecards;

namespace CchcLedger.Domain.Scoring;

/// <summary>One event between two instants: the leaf it moved, by how much, and the total after it.</summary>
public sealed record ExplainedEvent(
    long Sequence,
    DateTimeOffset RecordedAt,
    string? RecordedBy,
    string Kind,
    string? Criterion,
    decimal? LeafBefore,
    decimal? LeafAfter,
    decimal LeafChange,
    decimal TotalChange,
    decimal RunningTotal,
    string? Reason,
    string? DecisionRef,
    DateTimeOffset? EffectiveAt = null);

public static class Explanation
{
    /// <summary>
    /// Replays <paramref name="before"/> (the events up to the first instant) and then explains each event of
    /// <paramref name="between"/> in order, with the scorecard's total after it. Events that move no leaf (opening,
    /// submission) are listed with a change of zero.
    /// </summary>
    public static IReadOnlyList<ExplainedEvent> Explain(CriteriaRules rules, IEnumerable<RecordedEvent> before, IEnumerable<RecordedEvent> between) =>
        Explain(rules, null, before, between);

    /// <summary>
    /// The same, from a state the caller already has (a snapshot of the scorecard): <paramref name="before"/> holds only
    /// the events after it, up to the first instant.
    /// </summary>
    public static IReadOnlyList<ExplainedEvent> Explain(CriteriaRules rules, Scorecard? start, IEnumerable<RecordedEvent> before, IEnumerable<RecordedEvent> between)
    {
        var card = before.Aggregate(start, (c, e) => Scorecard.Evolve(c, e.Data));
        var total = Total(rules, card);
        var explained = new List<ExplainedEvent>();
        foreach (var e in between)
        {
            var fact = Derivation.Describe(e.Data);
            var leaf = fact is null ? null : rules.Find(fact.Criterion);
            decimal? LeafPoints(Scorecard? c) => leaf is null ? null : c?.Leaf(leaf.Code).ToEntries().Final?.PointsFor(leaf, rules.Rounding);

            var leafBefore = LeafPoints(card);
            card = Scorecard.Evolve(card, e.Data);
            var leafAfter = LeafPoints(card);
            var newTotal = Total(rules, card);
            explained.Add(new ExplainedEvent(e.Sequence, e.RecordedAt, e.RecordedBy, Kind(e.Data, fact), fact?.Criterion, leafBefore, leafAfter,
                (leafAfter ?? 0m) - (leafBefore ?? 0m), newTotal - total, newTotal, fact?.Reason, fact?.DecisionRef, e.EffectiveAt));
            total = newTotal;
        }
        return explained;
    }

    private static decimal Total(CriteriaRules rules, Scorecard? card) =>
        card is null ? 0m : ScoreSheet.TotalOf(rules, code => card.Leaves.TryGetValue(code, out var leaf) ? leaf.ToEntries() : null);

    private static string Kind(object data, Derivation.LeafFact? fact) => fact?.Kind ?? data switch
    {
        ScorecardOpened => "scorecardOpened",
        SelfAssessmentSubmitted => "selfAssessmentSubmitted",
        _ => data.GetType().Name,
    };
}
