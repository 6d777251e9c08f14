namespace CchcLedger.Domain.Accounts;

/// <summary>A right held by an account: a role, and for an agency officer the agencies it acts for; the decision behind it.</summary>
public sealed record Grant(string Role, IReadOnlyList<string> Agencies, string Reason, string DecisionRef);

/// <summary>
/// An account as it stands: who it is, whether it may sign in, which rights it holds. <see cref="Id"/> is its stream
/// key. <see cref="SecurityEpoch"/> counts the password resets and changes: a session remembers the epoch it began in
/// and ends when the epoch moves on.
/// </summary>
public sealed record Account(string Id, string Login, string Name, string? Email, bool Disabled, IReadOnlyList<Grant> Grants, int SecurityEpoch, bool Demo)
{
    public static string StreamKey(string login) => $"account-{login}";

    public Grant? GrantOf(string role) => Grants.FirstOrDefault(g => g.Role == role);

    /// <summary>Whether the account could act at all: enabled and holding a right.</summary>
    public bool MayAct => !Disabled && Grants.Count > 0;

    public static Account? Evolve(Account? state, object @event) => @event switch
    {
        AccountCreated e => new Account(StreamKey(e.Login), e.Login, e.Name, e.Email, false, [], 0, e.Demo),
        RoleGranted e => state! with
        {
            Grants = [.. state.Grants.Where(g => g.Role != e.Role), new Grant(e.Role, e.Agencies, e.Reason, e.DecisionRef)],
        },
        RoleRevoked e => state! with { Grants = [.. state.Grants.Where(g => g.Role != e.Role)] },
        AccountDisabled => state! with { Disabled = true },
        AccountEnabled => state! with { Disabled = false },
        PasswordReset or PasswordChanged => state! with { SecurityEpoch = state.SecurityEpoch + 1 },
        _ => state,
    };
}
