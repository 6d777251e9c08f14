namespace CchcLedger.Domain;

/// <summary>An event as the ledger recorded it: its place in the sequence, the instant, who recorded it, and the fact.</summary>
public sealed record RecordedEvent(long Sequence, long Version, DateTimeOffset RecordedAt, string? RecordedBy, object Data);
