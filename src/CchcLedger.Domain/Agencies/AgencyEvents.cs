namespace CchcLedger.Domain.Agencies;

// Stream: agency-{code}. Who recorded each event and when ride in event metadata.

public sealed record AgencyRegistered(string Code, string Name, string Block);

public sealed record AgencyRenamed(string Code, string Name, string Reason, string DecisionRef);

public sealed record AgencyMovedToBlock(string Code, string Block, string Reason, string DecisionRef);

/// <summary>The agency ceased to exist; with <see cref="MergedInto"/> it was merged into another agency. Its history stays.</summary>
public sealed record AgencyDissolved(string Code, string? MergedInto, string Reason, string DecisionRef);
