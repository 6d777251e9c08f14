using System.Collections.Immutable;
using CchcLedger.Domain.Appeals;
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

/// <summary>An appeal on one leaf: <see cref="State"/> is open, withdrawn, or the outcome of the council's decision.</summary>
public sealed record AppealState(string Id, string Criterion, int Round, decimal CurrentPoints, decimal RequestedPoints, string State, decimal? DecidedPoints = null);

/// <summary>One agency's scorecard for one year: what was entered for each leaf. Points come from <see cref="ScoreSheet"/>.</summary>
public sealed record Scorecard(
    string Id,
    int Year,
    string Agency,
    string Block,
    string CriteriaSetId,
    bool Submitted,
    ImmutableSortedDictionary<string, LeafState> Leaves,
    ImmutableSortedDictionary<string, AppealState>? Appeals = null)
{
    public AppealState? Appeal(string id) => Appeals?.GetValueOrDefault(id);

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
        AppealFiled e => state!.WithAppeal(new AppealState(e.AppealId, e.Criterion, e.Round, e.CurrentPoints, e.RequestedPoints, AppealStates.Open)),
        AppealWithdrawn e => state!.WithAppeal(state.Appeal(e.AppealId)! with { State = AppealStates.Withdrawn }),
        AppealDecided { Points: { } points } e => state!.WithAppeal(state.Appeal(e.AppealId)! with { State = e.Outcome, DecidedPoints = points })
            .With(e.Criterion, l => l with { Adjusted = LeafValue.OfPoints(points) }),
        AppealDecided e => state!.WithAppeal(state.Appeal(e.AppealId)! with { State = e.Outcome }),
        _ => state,
    };

    private Scorecard WithAppeal(AppealState appeal) =>
        this with { Appeals = (Appeals ?? ImmutableSortedDictionary.Create<string, AppealState>(StringComparer.Ordinal)).SetItem(appeal.Id, appeal) };

    private Scorecard With(string code, Func<LeafState, LeafState> change) =>
        this with { Leaves = Leaves.SetItem(code, change(Leaf(code))) };
}
