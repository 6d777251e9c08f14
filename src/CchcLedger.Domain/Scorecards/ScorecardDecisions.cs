using CchcLedger.Domain.Criteria;
using CchcLedger.Domain.Scoring;

namespace CchcLedger.Domain.Scorecards;

/// <summary>Decisions on a scorecard: pure functions of (scorecard, rules, command) → events or a refusal.</summary>
public static class ScorecardDecisions
{
    public const int MaxEvidence = 50;

    public static ScorecardOpened Open(int year, string agency, CriteriaSet set) =>
        new(Scorecard.StreamKey(year, agency), year, agency, set.Block, set.SetId);

    /// <param name="uploads">Uploads of the files the command cites (any agency's: only this scorecard's count).</param>
    public static Decision EnterSelfScore(Scorecard card, CriteriaRules rules, EnterSelfScore command, IReadOnlyCollection<EvidenceUpload>? uploads = null)
    {
        if (FindLeaf(rules, command.Criterion) is not { } leaf) return UnknownLeaf(rules, command.Criterion);
        if (leaf.Method == LeafMethod.Survey)
            return Refusal.Invalid("criterion", $"leaf {leaf.Code} is a survey leaf: its points come from the survey (survey-scores), not from a self-score");
        if (card.Submitted) return Refusal.Conflict("criterion", "the self-assessment is already submitted: self-scores are locked");
        if (command.Value.CheckFor(leaf) is { } badValue) return badValue;

        var (evidence, badEvidence) = CleanEvidence(command.Evidence, card, uploads);
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

    public static Decision RecordAppraisal(Scorecard card, CriteriaRules rules, RecordAppraisal command, IReadOnlyCollection<EvidenceUpload>? uploads = null)
    {
        if (FindLeaf(rules, command.Criterion) is not { } leaf) return UnknownLeaf(rules, command.Criterion);
        if (leaf.Method == LeafMethod.Survey)
            return Refusal.Invalid("criterion", $"leaf {leaf.Code} is a survey leaf: it is not appraised, its points come from the survey");
        if (!card.Submitted) return Refusal.Conflict("criterion", "the self-assessment is not submitted yet: appraisal starts after submission");
        var (note, noteError) = Text.Clean(command.Note, required: false, Text.LongMax);
        if (noteError is not null) return Refusal.Invalid("note", noteError);
        var (evidence, badEvidence) = CleanEvidence(command.Evidence, card, uploads);
        if (badEvidence is not null) return badEvidence;

        if (command.Accept == true)
        {
            if (command.Value != new LeafValue()) return Refusal.Invalid("accept", "accepting the self-score takes no value; send either accept or a value");
            if (card.Leaf(leaf.Code).Self is not { } self) return Refusal.Conflict("accept", $"leaf {leaf.Code} has no self-score to accept");
            return Decision.Accept(new AppraisalRecorded(leaf.Code, self, true, note, OrNull(evidence)));
        }
        if (command.Value.CheckFor(leaf) is { } badValue) return badValue;
        if (note is null) return Refusal.Invalid("note", "is required when the appraisal sets a value other than the self-score");
        return Decision.Accept(new AppraisalRecorded(leaf.Code, command.Value, false, note, OrNull(evidence)));
    }

    public static Decision AdjustPoints(Scorecard card, CriteriaRules rules, AdjustPoints command, IReadOnlyCollection<EvidenceUpload>? uploads = null)
    {
        if (FindLeaf(rules, command.Criterion) is not { } leaf) return UnknownLeaf(rules, command.Criterion);
        if (command.Value.CheckFor(leaf) is { } badValue) return badValue;
        var (reason, reasonError) = Text.Clean(command.Reason, required: true, Text.LongMax);
        if (reasonError is not null) return Refusal.Invalid("reason", reasonError);
        var (decisionRef, refError) = Text.Clean(command.DecisionRef, required: true);
        if (refError is not null) return Refusal.Invalid("decisionRef", refError);
        var (evidence, badEvidence) = CleanEvidence(command.Evidence, card, uploads);
        if (badEvidence is not null) return badEvidence;
        return Decision.Accept(new PointsAdjusted(leaf.Code, command.Value, reason!, decisionRef!, OrNull(evidence)));
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

    /// <summary>
    /// Evidence as stored: every document with a title, NFC-normalised, and a reference to the paper document, an
    /// uploaded file, or both. A file is named by its SHA-256 and must have been uploaded for this scorecard (its agency
    /// and year); the event then records the file's hash, size, media type and name as uploaded (the latest upload's
    /// name when the same bytes were uploaded more than once).
    /// </summary>
    public static (IReadOnlyList<Evidence> Evidence, Refusal? Refusal) CleanEvidence(IReadOnlyList<EvidenceInput>? inputs, Scorecard? card = null,
        IReadOnlyCollection<EvidenceUpload>? uploads = null)
    {
        var evidence = new List<Evidence>();
        inputs ??= [];
        if (inputs.Count > MaxEvidence) return ([], Refusal.Invalid("evidence", $"must list at most {MaxEvidence} documents"));
        for (var i = 0; i < inputs.Count; i++)
        {
            var (title, titleError) = Text.Clean(inputs[i]?.Title, required: true);
            if (titleError is not null) return ([], Refusal.Invalid($"evidence[{i}].title", titleError));

            EvidenceFile? file = null;
            if (inputs[i]?.File is { } named && !string.IsNullOrWhiteSpace(named))
            {
                var sha256 = named.Trim().ToLowerInvariant();
                if (!EvidenceContent.IsSha256(sha256))
                    return ([], Refusal.Invalid($"evidence[{i}].file", "must be the SHA-256 of an uploaded file: 64 hexadecimal digits, as the upload answered"));
                var upload = card is null ? null : uploads?.Where(u => u.Sha256 == sha256 && u.Year == card.Year && u.Agency == card.Agency).MaxBy(u => u.UploadedAt);
                if (upload is null)
                    return ([], Refusal.Invalid($"evidence[{i}].file",
                        card is null ? "files cannot be cited here" : $"no file {sha256} was uploaded for the {card.Year} scorecard of '{card.Agency}'; upload it first (POST …/scorecards/{card.Agency}/evidence)"));
                file = upload.File;
            }

            var (reference, refError) = Text.Clean(inputs[i]?.DocumentRef, required: file is null);
            if (refError is not null)
                return ([], Refusal.Invalid($"evidence[{i}].documentRef", file is null ? $"{refError}: evidence without an uploaded file names its document" : refError));
            evidence.Add(new Evidence(title!, reference, file));
        }
        return (evidence, null);
    }

    /// <summary>No evidence is stored as none (the field left out), so an entry without evidence is stored as before files existed.</summary>
    internal static IReadOnlyList<Evidence>? OrNull(IReadOnlyList<Evidence> evidence) => evidence.Count == 0 ? null : evidence;

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
