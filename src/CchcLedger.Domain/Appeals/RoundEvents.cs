namespace CchcLedger.Domain.Appeals;

// Stream: round-{year}-{block}: the results rounds of one year and block (preliminary results, later publications).

/// <summary>Preliminary results went out to the block's agencies; appeals may be filed until <see cref="WindowEnds"/>.</summary>
public sealed record PreliminaryResultsIssued(int Year, string Block, int Round, string CriteriaSetId, DateTimeOffset IssuedAt, DateTimeOffset WindowEnds);
