namespace CchcLedger.Domain;

/// <summary>
/// An event as the ledger recorded it: its place in the sequence, the instant it was recorded, who recorded it, the
/// fact, and when the fact took effect where that differs from the recording (a decision dated earlier, a past year
/// brought in later).
/// </summary>
public sealed record RecordedEvent(long Sequence, long Version, DateTimeOffset RecordedAt, string? RecordedBy, object Data, DateTimeOffset? EffectiveAt = null)
{
    /// <summary>When the fact took effect: <see cref="EffectiveAt"/>, else when it was recorded.</summary>
    public DateTimeOffset InForceAt => EffectiveAt ?? RecordedAt;
}
