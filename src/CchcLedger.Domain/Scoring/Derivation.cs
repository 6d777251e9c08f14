using CchcLedger.Domain.Criteria;
using CchcLedger.Domain.Scorecards;

namespace CchcLedger.Domain.Scoring;

/// <summary>One event that set a leaf's value: what it set, what that changed in the leaf's final points, who, when (recorded, and in force from <see cref="EffectiveAt"/> where earlier), why.</summary>
public sealed record DerivationStep(
    long Sequence,
    DateTimeOffset RecordedAt,
    string? RecordedBy,
    string Kind,
    LeafValue Value,
    decimal? Points,
    decimal? FinalBefore,
    decimal FinalAfter,
    decimal Change,
    string? Reason,
    string? DecisionRef,
    IReadOnlyList<Evidence>? Evidence,
    string? Explanation,
    DateTimeOffset? EffectiveAt = null);

public sealed record LeafDerivation(string Code, string Title, decimal Max, LeafMethod? Method, IReadOnlyList<DerivationStep> Steps, decimal Final);

/// <summary>A node's total: the sum of its children, and the points after its cap (and the floor at zero).</summary>
public sealed record NodeTotal(string Code, string Title, decimal Max, decimal ChildrenSum, decimal Points, bool Capped);

public sealed record ScorecardDerivation(IReadOnlyList<LeafDerivation> Leaves, IReadOnlyList<NodeTotal> Nodes, decimal Total, decimal MaxPoints, decimal Index, string Classification);

/// <summary>
/// How every point of a scorecard came to be, from its recorded events alone: for each leaf the ordered chain of events
/// that set its value, and each node's total with its cap. The totals are those of <see cref="ScoreSheet"/>, exactly.
/// </summary>
public static class Derivation
{
    public static ScorecardDerivation Derive(CriteriaRules rules, IReadOnlyList<RecordedEvent> events)
    {
        var steps = rules.Leaves().ToDictionary(l => l.Code, _ => new List<DerivationStep>());
        var leaves = rules.Leaves().ToDictionary(l => l.Code);
        Scorecard? card = null;
        foreach (var e in events)
        {
            var before = card;
            card = Scorecard.Evolve(card, e.Data);
            if (Describe(e.Data) is not { } what || !leaves.TryGetValue(what.Criterion, out var leaf)) continue;

            decimal? Final(Scorecard? c) => c?.Leaf(leaf.Code).ToEntries().Final?.PointsFor(leaf, rules.Rounding);
            var finalBefore = Final(before);
            var finalAfter = Final(card) ?? 0m;
            // A rejected appeal or a filing sets nothing: its step shows the leaf's value as it stands.
            var points = e.Data is AppealDecided { Points: null } ? finalAfter : what.Value.PointsFor(leaf, rules.Rounding);
            steps[leaf.Code].Add(new DerivationStep(e.Sequence, e.RecordedAt, e.RecordedBy, what.Kind, what.Value, points,
                finalBefore, finalAfter, finalAfter - (finalBefore ?? 0m), what.Reason, what.DecisionRef, what.Evidence, what.Explanation, e.EffectiveAt));
        }

        var sheet = ScoreSheet.Score(rules, card?.Entries() ?? new Dictionary<string, LeafEntries>());
        var nodes = new List<NodeTotal>();
        void Walk(ScoredNode n)
        {
            if (n.Children.Count == 0) return;
            nodes.Add(new NodeTotal(n.Code, n.Title, n.Max, n.Children.Sum(c => c.Points), n.Points, n.Capped));
            foreach (var c in n.Children) Walk(c);
        }
        foreach (var area in sheet.Areas) Walk(area);

        var derived = rules.Leaves()
            .Select(l => new LeafDerivation(l.Code, l.Title, l.Max, l.Method, steps[l.Code], steps[l.Code].LastOrDefault()?.FinalAfter ?? 0m))
            .ToList();
        return new ScorecardDerivation(derived, nodes, sheet.Total, sheet.MaxPoints, sheet.Index, sheet.Classification);
    }

    /// <summary>The leaf-setting facts: which leaf, what kind of entry, and the why that travels with it.</summary>
    public sealed record LeafFact(string Criterion, string Kind, LeafValue Value, string? Reason, string? DecisionRef, IReadOnlyList<Evidence>? Evidence, string? Explanation);

    public static LeafFact? Describe(object data) => data switch
    {
        SelfScoreEntered e => new(e.Criterion, "selfScore", e.Value, null, null, e.Evidence, e.Explanation),
        AppraisalRecorded e => new(e.Criterion, e.AcceptedSelfScore ? "appraisalAccepted" : "appraisal", e.Value, e.Note, null, e.Evidence, null),
        PointsAdjusted e => new(e.Criterion, "adjustment", e.Value, e.Reason, e.DecisionRef, e.Evidence, null),
        SurveyPointsEntered e => new(e.Criterion, "surveyPoints", e.Value, e.Source, null, null, null),
        AppealFiled e => new(e.Criterion, "appealFiled", LeafValue.OfPoints(e.RequestedPoints), $"appeal {e.AppealId}: {e.Argument}", null, e.Evidence, null),
        AppealWithdrawn e => null,
        AppealDecided e => new(e.Criterion, $"appeal{char.ToUpperInvariant(e.Outcome[0])}{e.Outcome[1..]}", LeafValue.OfPoints(e.Points ?? 0m),
            $"changed by appeal {e.AppealId}, decision {e.DecisionRef}: {e.Reason} ({e.VotesFor} for, {e.VotesAgainst} against, {e.MembersPresent} present)", e.DecisionRef, e.Evidence, null),
        _ => null,
    };
}
