using CchcLedger.Domain.Scoring;

namespace CchcLedger.Domain.Scorecards;

// Requests against one scorecard. Every field is nullable so that a missing one is refused by name.

/// <param name="File">The SHA-256 of a file uploaded for this scorecard (<c>POST …/evidence</c>); the event records its facts.</param>
public sealed record EvidenceInput(string? Title, string? DocumentRef, string? File = null);

public sealed record EnterSelfScore(
    string? Criterion,
    decimal? Points = null,
    decimal? Numerator = null,
    decimal? Denominator = null,
    decimal? Count = null,
    IReadOnlyList<EvidenceInput>? Evidence = null,
    string? Explanation = null)
{
    [System.Text.Json.Serialization.JsonIgnore] public LeafValue Value => new(Points, Numerator, Denominator, Count);
}

public sealed record SubmitSelfAssessment;

public sealed record RecordAppraisal(
    string? Criterion,
    bool? Accept = null,
    decimal? Points = null,
    decimal? Numerator = null,
    decimal? Denominator = null,
    decimal? Count = null,
    string? Note = null,
    IReadOnlyList<EvidenceInput>? Evidence = null)
{
    [System.Text.Json.Serialization.JsonIgnore] public LeafValue Value => new(Points, Numerator, Denominator, Count);
}

public sealed record AdjustPoints(
    string? Criterion,
    decimal? Points = null,
    decimal? Numerator = null,
    decimal? Denominator = null,
    decimal? Count = null,
    string? Reason = null,
    string? DecisionRef = null,
    IReadOnlyList<EvidenceInput>? Evidence = null)
{
    [System.Text.Json.Serialization.JsonIgnore] public LeafValue Value => new(Points, Numerator, Denominator, Count);
}

public sealed record EnterSurveyPoints(string? Criterion, decimal? Points, string? Source = null);
