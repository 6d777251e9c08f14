using CchcLedger.Domain.Agencies;

namespace CchcLedger.Domain.Accounts;

// Requests about accounts. Every field is nullable so that a missing one is refused by name.

public sealed record CreateAccount(string? Login, string? Name, string? Email = null, string? Reason = null, string? DecisionRef = null);

public sealed record GrantRole(string? Role, IReadOnlyList<string>? Agencies, string? Reason, string? DecisionRef);

public sealed record RevokeRole(string? Reason, string? DecisionRef = null);

/// <summary>Disabling or enabling an account: the same fields, the reason required.</summary>
public sealed record ChangeAccountState(string? Reason, string? DecisionRef = null);

public sealed record ResetPassword(string? Reason);

/// <summary>
/// Decisions on accounts: pure functions of (state, command, who acts) → events or a refusal. Nobody changes their own
/// rights: a grant, a revocation, disabling and enabling are always another person's act, so every right in the ledger was
/// given by someone else (the first administrator by the <c>cchc</c> tool, which acts as the ledger itself).
/// </summary>
public static class AccountDecisions
{
    public const int MaxAgencies = 100;

    /// <summary>Logins: 3 to 64 lower-case letters, digits and <c>. _ - @</c>, starting with a letter or digit (an e-mail address is one).</summary>
    public static bool IsLogin(string? login) =>
        login is { Length: >= 3 and <= 64 }
        && login.All(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' or '.' or '_' or '-' or '@')
        && char.IsAsciiLetterOrDigit(login[0]);

    /// <summary>A login as typed: trimmed and lower-cased, so that "NguyenVanAn " signs in as nguyenvanan.</summary>
    public static string NormaliseLogin(string? login) => (login ?? "").Trim().ToLowerInvariant();

    public static Decision Create(Account? existing, CreateAccount command, bool demo = false)
    {
        var login = NormaliseLogin(command.Login);
        if (login.Length == 0) return Refusal.Invalid("login", "is required and must not be empty");
        if (!IsLogin(login)) return Refusal.Invalid("login", "must be 3 to 64 lower-case letters, digits, '.', '_', '-' or '@', starting with a letter or digit, such as nguyenvanan");
        var (name, nameError) = Text.Clean(command.Name, required: true);
        if (nameError is not null) return Refusal.Invalid("name", nameError);
        var (email, emailError) = Text.Clean(command.Email, required: false);
        if (emailError is not null) return Refusal.Invalid("email", emailError);
        if (email is not null && (email.Count(c => c == '@') != 1 || email.Any(char.IsWhiteSpace) || email.StartsWith('@') || email.EndsWith('@')))
            return Refusal.Invalid("email", $"'{email}' is not an e-mail address");
        var (reason, reasonError) = Text.Clean(command.Reason, required: false, Text.LongMax);
        if (reasonError is not null) return Refusal.Invalid("reason", reasonError);
        var (decisionRef, refError) = Text.Clean(command.DecisionRef, required: false);
        if (refError is not null) return Refusal.Invalid("decisionRef", refError);
        if (existing is not null) return Refusal.Conflict("login", $"account '{login}' already exists");
        return Decision.Accept(new AccountCreated(login, name!, email, reason, decisionRef, demo));
    }

    /// <param name="agencies">The agencies the command names, as registered (a name missing here is not registered).</param>
    /// <param name="actingLogin">The account of the person granting; null for the ledger itself (the <c>cchc</c> tool, the demo).</param>
    public static Decision Grant(Account account, GrantRole command, IReadOnlyDictionary<string, Agency> agencies, string? actingLogin)
    {
        if (string.IsNullOrWhiteSpace(command.Role)) return Refusal.Invalid("role", "is required: one of " + string.Join(", ", AccountRoles.All));
        if (!AccountRoles.IsKnown(command.Role)) return Refusal.Invalid("role", $"'{command.Role}' is not a role; roles are {string.Join(", ", AccountRoles.All)}");
        var codes = (command.Agencies ?? []).Select(a => a?.Trim() ?? "").ToList();
        if (command.Role == AccountRoles.AgencyOfficer)
        {
            if (codes.Count == 0) return Refusal.Invalid("agencies", "an agency officer acts for one or more agencies: name them");
            if (codes.Count > MaxAgencies) return Refusal.Invalid("agencies", $"must list at most {MaxAgencies} agencies");
            for (var i = 0; i < codes.Count; i++)
            {
                if (!agencies.TryGetValue(codes[i], out var agency)) return Refusal.Invalid($"agencies[{i}]", $"agency '{codes[i]}' is not registered");
                if (!agency.Active) return Refusal.Invalid($"agencies[{i}]", $"agency '{codes[i]}' is dissolved");
            }
            if (codes.Distinct().Count() != codes.Count) return Refusal.Invalid("agencies", "names an agency twice");
        }
        else if (codes.Count > 0) return Refusal.Invalid("agencies", $"only an agency officer acts for agencies; the role '{command.Role}' takes none");
        var (reason, reasonError) = Text.Clean(command.Reason, required: true, Text.LongMax);
        if (reasonError is not null) return Refusal.Invalid("reason", reasonError);
        var (decisionRef, refError) = Text.Clean(command.DecisionRef, required: true);
        if (refError is not null) return Refusal.Invalid("decisionRef", refError);
        if (actingLogin == account.Login) return Refusal.Conflict("login", "nobody grants a right to their own account: another administrator does it");
        if (account.Disabled) return Refusal.Conflict("login", $"account '{account.Login}' is disabled: enable it first");
        var sorted = codes.Order(StringComparer.Ordinal).ToList();
        if (account.GrantOf(command.Role!) is { } held && held.Agencies.Order(StringComparer.Ordinal).SequenceEqual(sorted))
            return Refusal.Conflict("role", $"account '{account.Login}' already holds the role '{command.Role}'{(sorted.Count > 0 ? " for these agencies" : "")}");
        return Decision.Accept(new RoleGranted(account.Login, command.Role!, sorted, reason!, decisionRef!));
    }

    public static Decision Revoke(Account account, string role, RevokeRole command, string? actingLogin)
    {
        var (reason, reasonError) = Text.Clean(command.Reason, required: true, Text.LongMax);
        if (reasonError is not null) return Refusal.Invalid("reason", reasonError);
        var (decisionRef, refError) = Text.Clean(command.DecisionRef, required: false);
        if (refError is not null) return Refusal.Invalid("decisionRef", refError);
        if (!AccountRoles.IsKnown(role)) return Refusal.NotFound("role", $"'{role}' is not a role; roles are {string.Join(", ", AccountRoles.All)}");
        if (actingLogin == account.Login) return Refusal.Conflict("login", "nobody withdraws a right from their own account: another administrator does it");
        if (account.GrantOf(role) is null) return Refusal.Conflict("role", $"account '{account.Login}' does not hold the role '{role}'");
        return Decision.Accept(new RoleRevoked(account.Login, role, reason!, decisionRef));
    }

    public static Decision Disable(Account account, ChangeAccountState command, string? actingLogin)
    {
        var (reason, decisionRef, refusal) = Why(command);
        if (refusal is not null) return refusal;
        if (actingLogin == account.Login) return Refusal.Conflict("login", "nobody disables their own account: another administrator does it");
        if (account.Disabled) return Refusal.Conflict("login", $"account '{account.Login}' is already disabled");
        return Decision.Accept(new AccountDisabled(account.Login, reason!, decisionRef));
    }

    public static Decision Enable(Account account, ChangeAccountState command, string? actingLogin)
    {
        var (reason, decisionRef, refusal) = Why(command);
        if (refusal is not null) return refusal;
        if (actingLogin == account.Login) return Refusal.Conflict("login", "nobody enables their own account: another administrator does it");
        if (!account.Disabled) return Refusal.Conflict("login", $"account '{account.Login}' is not disabled");
        return Decision.Accept(new AccountEnabled(account.Login, reason!, decisionRef));
    }

    /// <summary>An administrator gives the account a one-time password; the password itself is the caller's, and never an event's.</summary>
    public static Decision ResetPassword(Account account, ResetPassword command, string? actingLogin)
    {
        var (reason, reasonError) = Text.Clean(command.Reason, required: true, Text.LongMax);
        if (reasonError is not null) return Refusal.Invalid("reason", reasonError);
        if (actingLogin == account.Login) return Refusal.Conflict("login", "an administrator changes their own password on the password page, not by a reset");
        return Decision.Accept(new PasswordReset(account.Login, reason!));
    }

    /// <summary>The holder sets a password of their own (checked by <see cref="Passwords.Check"/> first).</summary>
    public static Decision ChangePassword(Account account, string newPassword, string field = "newPassword")
    {
        if (account.Disabled) return Refusal.Conflict("login", $"account '{account.Login}' is disabled");
        if (Passwords.Check(newPassword, account.Login, field) is { } weak) return weak;
        return Decision.Accept(new PasswordChanged(account.Login));
    }

    private static (string? Reason, string? DecisionRef, Refusal? Refusal) Why(ChangeAccountState command)
    {
        var (reason, reasonError) = Text.Clean(command.Reason, required: true, Text.LongMax);
        if (reasonError is not null) return (null, null, Refusal.Invalid("reason", reasonError));
        var (decisionRef, refError) = Text.Clean(command.DecisionRef, required: false);
        if (refError is not null) return (null, null, Refusal.Invalid("decisionRef", refError));
        return (reason, decisionRef, null);
    }
}

/// <summary>What a password must be. Compared in NFC: "Hữu Lũng" typed on any keyboard is one password.</summary>
public static class Passwords
{
    public const int MinLength = 10;
    public const int MaxLength = 128;

    public static string Normalise(string password) => password.Normalize(System.Text.NormalizationForm.FormC);

    public static Refusal? Check(string? password, string login, string field)
    {
        if (string.IsNullOrEmpty(password)) return Refusal.Invalid(field, "is required");
        var normalised = Normalise(password);
        if (normalised.Length < MinLength) return Refusal.Invalid(field, $"must be at least {MinLength} characters long");
        if (normalised.Length > MaxLength) return Refusal.Invalid(field, $"must be at most {MaxLength} characters long");
        if (normalised.Any(char.IsControl)) return Refusal.Invalid(field, "must not contain control characters");
        if (normalised.Trim().Length == 0 || normalised.Distinct().Count() < 4) return Refusal.Invalid(field, "is too easy to guess: use at least 4 different characters");
        if (normalised.Contains(login, StringComparison.OrdinalIgnoreCase)) return Refusal.Invalid(field, "must not contain the login");
        return null;
    }
}
