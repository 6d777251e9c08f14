namespace CchcLedger.Domain.Criteria;

// Stream: criteria-set-{setId}. Each event that changes the rules makes a new rules version (drafting is version 1).

public sealed record CriteriaSetDrafted(string SetId, int Year, string Block, string Title, CriteriaRules Rules);

/// <summary>The set is in force for its year and block, by the decision named.</summary>
public sealed record CriteriaSetAdopted(string SetId, int Year, string Block, string DecisionRef, string? Reason);
