namespace CchcLedger.Domain.Appeals;

// Stream: round-{year}-{block}: the results rounds of one year and block (preliminary results, later publications).

/// <summary>Preliminary results went out to the block's agencies; appeals may be filed until <see cref="WindowEnds"/>.</summary>
public sealed record PreliminaryResultsIssued(int Year, string Block, int Round, string CriteriaSetId, DateTimeOffset IssuedAt, DateTimeOffset WindowEnds);

/// <summary>
/// The council closed round <see cref="Round"/>'s appeal window before its end, by decision: no appeal may be filed
/// from <see cref="ClosedAt"/> on, and the results may be published once every filed appeal is decided.
/// </summary>
public sealed record AppealWindowClosed(int Year, string Block, int Round, DateTimeOffset ClosedAt, DateTimeOffset ScheduledEnd, string Reason, string DecisionRef);
