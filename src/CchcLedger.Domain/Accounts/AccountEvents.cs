using System.Text.Json.Serialization;

namespace CchcLedger.Domain.Accounts;

// Stream: account-{login}. An account and every right it was given or lost are facts of the ledger, sealed like any
// other, so "who gave whom which right, when, on whose decision" is answered from the events, at any past instant.
// Secrets never enter these events (they are sealed and kept forever): password hashes live in account_secrets.

/// <param name="Demo">True for the development demo's accounts, whose passwords are published in the README: the ledger
/// refuses to start in Production while one exists.</param>
public sealed record AccountCreated(
    string Login,
    string Name,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Email,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Reason,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? DecisionRef,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool Demo = false);

/// <summary>
/// The account may act in <see cref="Role"/> from now on (an agency officer for <see cref="Agencies"/>, every other role
/// without agencies). Granting a role the account already holds replaces its agencies: the event carries the full list.
/// </summary>
public sealed record RoleGranted(string Login, string Role, IReadOnlyList<string> Agencies, string Reason, string DecisionRef);

public sealed record RoleRevoked(string Login, string Role, string Reason,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? DecisionRef);

/// <summary>Nobody may sign in with the account, and its open sessions end at their next request; its rights are kept for when it is enabled again.</summary>
public sealed record AccountDisabled(string Login, string Reason,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? DecisionRef);

public sealed record AccountEnabled(string Login, string Reason,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? DecisionRef);

/// <summary>An administrator gave the account a new one-time password (never recorded here); every open session ends.</summary>
public sealed record PasswordReset(string Login, string Reason);

/// <summary>The account's holder set a new password of their own (never recorded here); every other session ends.</summary>
public sealed record PasswordChanged(string Login);
