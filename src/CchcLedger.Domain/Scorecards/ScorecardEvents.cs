using System.Text.Json.Serialization;
using CchcLedger.Domain.Scoring;

namespace CchcLedger.Domain.Scorecards;

// Stream: scorecard-{year}-{agency}. Values are stored as entered (points, a ratio or a count); points are computed
// from them under the rules version in force, so a past year can be scored again under its own or other rules.
// Who recorded each event and when ride in event metadata, never in these bodies. Fields added later are optional and
// left out when empty (WhenWritingNull), so an event without them is stored exactly as before they existed.

public sealed record ScorecardOpened(string ScorecardId, int Year, string Agency, string Block, string CriteriaSetId);

/// <summary>
/// A document backing an entry: a title and a reference to the paper document, or an uploaded file, or both. Events
/// written before files could be uploaded have no <see cref="File"/>; a reference without a file is still allowed.
/// </summary>
public sealed record Evidence(
    string Title,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? DocumentRef,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] EvidenceFile? File = null);

/// <summary>
/// An uploaded file as the citing event records it: its SHA-256 (lower-case hex, the name it is stored under), size in
/// bytes, the media type recognised from its content, and the original file name (NFC). Never the bytes: they are in
/// the evidence store, and the hash sealed with this event proves which bytes the reader saw.
/// </summary>
public sealed record EvidenceFile(string Sha256, long Size, string MediaType, string FileName);

/// <summary>The agency's own value for a leaf, backed by evidence or, where it has none, an explanation.</summary>
public sealed record SelfScoreEntered(string Criterion, LeafValue Value, IReadOnlyList<Evidence> Evidence, string? Explanation);

/// <summary>The agency submitted its self-assessment; self-scores are locked from here on.</summary>
public sealed record SelfAssessmentSubmitted(int LeavesScored);

/// <summary>The appraisal council's value for a leaf: the self-score accepted, or another value with a note.</summary>
public sealed record AppraisalRecorded(string Criterion, LeafValue Value, bool AcceptedSelfScore, string? Note,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<Evidence>? Evidence = null);

/// <summary>A later change of a leaf's value, by a decision.</summary>
public sealed record PointsAdjusted(string Criterion, LeafValue Value, string Reason, string DecisionRef,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<Evidence>? Evidence = null);

public sealed record SurveyPointsEntered(string Criterion, LeafValue Value, string? Source);

// Appeals live on the scorecard stream, so an appeal and the value it changes share one stream version: two
// council decisions on one appeal at the same time cannot both land.

/// <summary>The agency contests a leaf of its preliminary results.</summary>
public sealed record AppealFiled(string AppealId, string Criterion, int Round, decimal CurrentPoints, decimal RequestedPoints, string Argument, IReadOnlyList<Evidence> Evidence);

public sealed record AppealWithdrawn(string AppealId, string? Reason);

/// <summary>The council's decision; an upheld or partly upheld appeal sets the leaf to <see cref="Points"/>.</summary>
public sealed record AppealDecided(
    string AppealId,
    string Criterion,
    string Outcome,
    decimal? Points,
    string Reason,
    string DecisionRef,
    int MembersPresent,
    int VotesFor,
    int VotesAgainst,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<Evidence>? Evidence = null);
