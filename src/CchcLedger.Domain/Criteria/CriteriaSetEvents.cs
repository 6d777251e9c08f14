namespace CchcLedger.Domain.Criteria;

// Stream: criteria-set-{setId}. Each event that changes the rules makes a new rules version (drafting is version 1).

/// <summary>A new set; with <see cref="CopiedFrom"/> its rules are a copy of that set's version, to be amended.</summary>
public sealed record CriteriaSetDrafted(string SetId, int Year, string Block, string Title, CriteriaRules Rules, SetRef? CopiedFrom = null);

/// <summary>The set is in force for its year and block, by the decision named.</summary>
public sealed record CriteriaSetAdopted(string SetId, int Year, string Block, string DecisionRef, string? Reason);

/// <summary>
/// The rules changed, by the decision named: <see cref="Changes"/> as asked, applied together, and the resulting
/// <see cref="Rules"/> of version <see cref="RulesVersion"/>, kept whole so that every version reads without replaying changes.
/// </summary>
public sealed record CriteriaSetAmended(string SetId, int RulesVersion, IReadOnlyList<RulesChange> Changes, CriteriaRules Rules, string Reason, string DecisionRef);
