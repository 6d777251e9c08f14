using CchcLedger.Domain.Criteria;
using CchcLedger.Domain.Scoring;

namespace CchcLedger.Domain.Scorecards;

/// <summary>Decisions on a scorecard: pure functions of (scorecard, rules, command) → events or a refusal.</summary>
public static class ScorecardDecisions
{
    public const int MaxEvidence = 50;

    public static ScorecardOpened Open(int year, string agency, CriteriaSet set) =>
        new(Scorecard.StreamKey(year, agency), year, agency, set.Block, set.SetId);

    public static Decision EnterSelfScore(Scorecard card, CriteriaRules rules, EnterSelfScore command)
    {
        if (FindLeaf(rules, command.Criterion) is not { } leaf) return UnknownLeaf(rules, command.Criterion);
        if (leaf.Method == LeafMethod.Survey)
            return Refusal.Invalid("criterion", $"leaf {leaf.Code} is a survey leaf: its points come from the survey (survey-scores), not from a self-score");
        if (card.Submitted) return Refusal.Conflict("criterion", "the self-assessment is already submitted: self-scores are locked");
        if (command.Value.CheckFor(leaf) is { } badValue) return badValue;

        var (evidence, badEvidence) = CleanEvidence(command.Evidence);
        if (badEvidence is not null) return badEvidence;
        var (explanation, explanationError) = Text.Clean(command.Explanation, required: evidence.Count == 0, Text.LongMax);
        if (explanationError is not null)
            return Refusal.Invalid("explanation", evidence.Count == 0 ? $"{explanationError}: a self-score without evidence needs an explanation" : explanationError);

        return Decision.Accept(new SelfScoreEntered(leaf.Code, command.Value, evidence, explanation));
    }

    public static Decision Submit(Scorecard card, CriteriaRules rules)
    {
        if (card.Submitted) return Refusal.Conflict("submission", "the self-assessment is already submitted");
        var missing = rules.Leaves().Where(l => l.Method != LeafMethod.Survey && card.Leaf(l.Code).Self is null).Select(l => l.Code).ToList();
        if (missing.Count > 0)
            return Refusal.Conflict("submission", $"{missing.Count} leaves have no self-score yet: {string.Join(", ", missing.Take(10))}{(missing.Count > 10 ? ", …" : "")}");
        return Decision.Accept(new SelfAssessmentSubmitted(card.Leaves.Count(l => l.Value.Self is not null)));
    }

    public static Decision RecordAppraisal(Scorecard card, CriteriaRules rules, RecordAppraisal command)
    {
        if (FindLeaf(rules, command.Criterion) is not { } leaf) return UnknownLeaf(rules, command.Criterion);
        if (leaf.Method == LeafMethod.Survey)
            return Refusal.Invalid("criterion", $"leaf {leaf.Code} is a survey leaf: it is not appraised, its points come from the survey");
        if (!card.Submitted) return Refusal.Conflict("criterion", "the self-assessment is not submitted yet: appraisal starts after submission");
        var (note, noteError) = Text.Clean(command.Note, required: false, Text.LongMax);
        if (noteError is not null) return Refusal.Invalid("note", noteError);

        if (command.Accept == true)
        {
            if (command.Value != new LeafValue()) return Refusal.Invalid("accept", "accepting the self-score takes no value; send either accept or a value");
            if (card.Leaf(leaf.Code).Self is not { } self) return Refusal.Conflict("accept", $"leaf {leaf.Code} has no self-score to accept");
            return Decision.Accept(new AppraisalRecorded(leaf.Code, self, true, note));
        }
        if (command.Value.CheckFor(leaf) is { } badValue) return badValue;
        if (note is null) return Refusal.Invalid("note", "is required when the appraisal sets a value other than the self-score");
        return Decision.Accept(new AppraisalRecorded(leaf.Code, command.Value, false, note));
    }

    public static Decision AdjustPoints(Scorecard card, CriteriaRules rules, AdjustPoints command)
    {
        if (FindLeaf(rules, command.Criterion) is not { } leaf) return UnknownLeaf(rules, command.Criterion);
        if (command.Value.CheckFor(leaf) is { } badValue) return badValue;
        var (reason, reasonError) = Text.Clean(command.Reason, required: true, Text.LongMax);
        if (reasonError is not null) return Refusal.Invalid("reason", reasonError);
        var (decisionRef, refError) = Text.Clean(command.DecisionRef, required: true);
        if (refError is not null) return Refusal.Invalid("decisionRef", refError);
        return Decision.Accept(new PointsAdjusted(leaf.Code, command.Value, reason!, decisionRef!));
    }

    public static Decision EnterSurveyPoints(Scorecard card, CriteriaRules rules, EnterSurveyPoints command)
    {
        if (FindLeaf(rules, command.Criterion) is not { } leaf) return UnknownLeaf(rules, command.Criterion);
        if (leaf.Method != LeafMethod.Survey)
            return Refusal.Invalid("criterion", $"leaf {leaf.Code} is not a survey leaf (its method is {leaf.Method.ToString()!.ToLowerInvariant()})");
        if (command.Points is null) return Refusal.Invalid("points", "is required");
        var value = LeafValue.OfPoints(command.Points.Value);
        if (value.CheckFor(leaf) is { } badValue) return badValue;
        var (source, sourceError) = Text.Clean(command.Source, required: false);
        if (sourceError is not null) return Refusal.Invalid("source", sourceError);
        return Decision.Accept(new SurveyPointsEntered(leaf.Code, value, source));
    }

    /// <summary>Evidence as stored: every document with a title and a reference, NFC-normalised.</summary>
    public static (IReadOnlyList<Evidence> Evidence, Refusal? Refusal) CleanEvidence(IReadOnlyList<EvidenceInput>? inputs)
    {
        var evidence = new List<Evidence>();
        inputs ??= [];
        if (inputs.Count > MaxEvidence) return ([], Refusal.Invalid("evidence", $"must list at most {MaxEvidence} documents"));
        for (var i = 0; i < inputs.Count; i++)
        {
            var (title, titleError) = Text.Clean(inputs[i]?.Title, required: true);
            if (titleError is not null) return ([], Refusal.Invalid($"evidence[{i}].title", titleError));
            var (reference, refError) = Text.Clean(inputs[i]?.DocumentRef, required: true);
            if (refError is not null) return ([], Refusal.Invalid($"evidence[{i}].documentRef", refError));
            evidence.Add(new Evidence(title!, reference!));
        }
        return (evidence, null);
    }

    internal static CriterionNode? FindLeaf(CriteriaRules rules, string? code) =>
        code is null ? null : rules.Find(code.Trim()) is { IsLeaf: true } leaf ? leaf : null;

    internal static Refusal UnknownLeaf(CriteriaRules rules, string? code)
    {
        if (string.IsNullOrWhiteSpace(code)) return Refusal.Invalid("criterion", "is required and must not be empty");
        return rules.Find(code.Trim()) is { } node
            ? Refusal.Invalid("criterion", $"'{node.Code}' has children; points are given to its leaves")
            : Refusal.NotFound("criterion", $"'{code}' is not a criterion of this scorecard's criteria set");
    }
}
