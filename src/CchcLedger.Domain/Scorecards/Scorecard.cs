using System.Collections.Immutable;
using CchcLedger.Domain.Scoring;

namespace CchcLedger.Domain.Scorecards;

public sealed record LeafState(
    LeafValue? Self = null,
    IReadOnlyList<Evidence>? Evidence = null,
    string? Explanation = null,
    LeafValue? Appraised = null,
    string? AppraisalNote = null,
    LeafValue? Adjusted = null,
    LeafValue? Survey = null)
{
    public LeafEntries ToEntries() => new(Self, Appraised, Adjusted, Survey);
}

/// <summary>One agency's scorecard for one year: what was entered for each leaf. Points come from <see cref="ScoreSheet"/>.</summary>
public sealed record Scorecard(
    string Id,
    int Year,
    string Agency,
    string Block,
    string CriteriaSetId,
    bool Submitted,
    ImmutableSortedDictionary<string, LeafState> Leaves)
{
    public static string StreamKey(int year, string agency) => $"scorecard-{year}-{agency}";

    public IReadOnlyDictionary<string, LeafEntries> Entries() => Leaves.ToDictionary(kv => kv.Key, kv => kv.Value.ToEntries());

    public LeafState Leaf(string code) => Leaves.TryGetValue(code, out var leaf) ? leaf : new LeafState();

    public static Scorecard? Evolve(Scorecard? state, object @event) => @event switch
    {
        ScorecardOpened e => new Scorecard(e.ScorecardId, e.Year, e.Agency, e.Block, e.CriteriaSetId, false,
            ImmutableSortedDictionary.Create<string, LeafState>(StringComparer.Ordinal)),
        SelfScoreEntered e => state!.With(e.Criterion, l => l with { Self = e.Value, Evidence = e.Evidence, Explanation = e.Explanation }),
        SelfAssessmentSubmitted => state! with { Submitted = true },
        AppraisalRecorded e => state!.With(e.Criterion, l => l with { Appraised = e.Value, AppraisalNote = e.Note }),
        PointsAdjusted e => state!.With(e.Criterion, l => l with { Adjusted = e.Value }),
        SurveyPointsEntered e => state!.With(e.Criterion, l => l with { Survey = e.Value }),
        _ => state,
    };

    private Scorecard With(string code, Func<LeafState, LeafState> change) =>
        this with { Leaves = Leaves.SetItem(code, change(Leaf(code))) };
}
