namespace CchcLedger.Domain.Blocks;

// Stream: block-{code}. Who recorded each event and when ride in event metadata.

/// <summary>A ranking group was defined: its code (in URLs and other events), its name in Vietnamese, and optionally in English.</summary>
public sealed record BlockDefined(string Code, string Name, string? NameEn = null, string? Reason = null, string? DecisionRef = null);

public sealed record BlockRenamed(string Code, string Name, string? NameEn, string Reason, string DecisionRef);

/// <summary>No new agencies or criteria sets in the block from now on; its past rankings, publications and names stay readable.</summary>
public sealed record BlockRetired(string Code, string Reason, string DecisionRef);
