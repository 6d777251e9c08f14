using CchcLedger.Domain.Scorecards;

namespace CchcLedger.Domain.Appeals;

public sealed record FileAppeal(string? Criterion, decimal? RequestedPoints, string? Argument, IReadOnlyList<EvidenceInput>? Evidence = null);

public sealed record WithdrawAppeal(string? Reason = null);

public sealed record DecideAppeal(
    string? Outcome,
    decimal? Points,
    string? Reason,
    string? DecisionRef,
    int? MembersPresent,
    int? VotesFor,
    int? VotesAgainst,
    IReadOnlyList<EvidenceInput>? Evidence = null);

public static class AppealOutcomes
{
    public const string Upheld = "upheld";
    public const string PartlyUpheld = "partlyUpheld";
    public const string Rejected = "rejected";
}

public static class AppealStates
{
    public const string Open = "open";
    public const string Withdrawn = "withdrawn";
}
