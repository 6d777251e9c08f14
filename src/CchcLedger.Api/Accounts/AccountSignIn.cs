using CchcLedger.Api.Hosting;
using CchcLedger.Domain;
using CchcLedger.Domain.Accounts;
using CchcLedger.Projections;
using Marten;
using Microsoft.AspNetCore.Identity;
using Npgsql;

namespace CchcLedger.Api.Accounts;

public enum SignInOutcome
{
    SignedIn,
    /// <summary>Unknown login or wrong password: the same answer for both.</summary>
    WrongCredentials,
    LockedOut,
    Disabled,
    /// <summary>The password is right but the account holds no right yet.</summary>
    NoRights,
    /// <summary>A one-time password: the person sets a password of their own before going on.</summary>
    MustChange,
    NewPasswordRefused,
}

/// <param name="PasswordChanged">The one-time password was replaced by the person's own in this attempt.</param>
public sealed record SignInAttempt(SignInOutcome Outcome, Account? Account = null, DateTimeOffset? LockedUntil = null, Refusal? Refusal = null,
    bool PasswordChanged = false);

/// <summary>
/// Checks a login and password. Failures are counted in <c>account_secrets</c> and logged, not recorded as events: they are
/// attempts by anyone, not acts of an authenticated person, and an event for each would let an anonymous caller grow the
/// sealed, permanent ledger at will. <see cref="AccountSettings.MaxFailures"/> failures in a row lock the account for
/// <see cref="AccountSettings.LockFor"/> (a warning in the log); while locked, no password is even checked. An unknown login
/// gets the same answer, and costs the same time, as a wrong password.
/// </summary>
public sealed class AccountSignIn(IDocumentStore store, AccountPasswords passwords, AccountSettings settings, TimeProvider clock, ILogger<AccountSignIn> log)
{
    public async Task<SignInAttempt> CheckAsync(string? typedLogin, string? password, string? newPassword, string? confirmPassword, string? from, CancellationToken ct = default)
    {
        var login = AccountDecisions.NormaliseLogin(typedLogin);
        password ??= "";
        await using var conn = (NpgsqlConnection)store.Options.Tenancy.Default.Database.CreateConnection();
        await conn.OpenAsync(ct);
        Account? account = null;
        AccountSecret? secret = null;
        if (AccountDecisions.IsLogin(login))
        {
            await using var session = store.QuerySession();
            account = await session.LoadAsync<Account>(Account.StreamKey(login), ct);
            secret = account is null ? null : await AccountSecrets.ReadAsync(conn, login, ct);
        }
        if (account is null || secret is null)
        {
            passwords.VerifyDecoy(password);
            log.LogInformation("Sign-in refused: no account '{Login}' (from {From})", login, from);
            return new SignInAttempt(SignInOutcome.WrongCredentials);
        }
        var now = clock.GetUtcNow();
        if (secret.LockedUntil > now)
        {
            log.LogInformation("Sign-in refused: account {Login} is locked until {Until:O} (from {From})", login, secret.LockedUntil, from);
            return new SignInAttempt(SignInOutcome.LockedOut, account, secret.LockedUntil);
        }
        var verified = passwords.Verify(secret.PasswordHash, password);
        if (verified == PasswordVerificationResult.Failed)
        {
            var (failures, lockedUntil) = await AccountSecrets.RecordFailureAsync(conn, login, settings.MaxFailures, now + settings.LockFor, ct);
            if (lockedUntil > now)
            {
                log.LogWarning("Account {Login} locked until {Until:O} after {Max} failed sign-ins in a row (the last from {From})", login, lockedUntil, settings.MaxFailures, from);
                return new SignInAttempt(SignInOutcome.LockedOut, account, lockedUntil);
            }
            log.LogInformation("Sign-in failed for {Login}: wrong password, {Failures} of {Max} (from {From})", login, failures, settings.MaxFailures, from);
            return new SignInAttempt(SignInOutcome.WrongCredentials);
        }
        // Said only to someone who knows the password: a guesser learns nothing about the account's state.
        if (account.Disabled) return new SignInAttempt(SignInOutcome.Disabled, account);
        await AccountSecrets.RecordSuccessAsync(conn, login, verified == PasswordVerificationResult.SuccessRehashNeeded ? passwords.Hash(password) : null, ct);

        var passwordChanged = false;
        if (secret.MustChange)
        {
            if (string.IsNullOrEmpty(newPassword)) return new SignInAttempt(SignInOutcome.MustChange, account);
            if (Passwords.Normalise(newPassword) == Passwords.Normalise(password))
                return new SignInAttempt(SignInOutcome.NewPasswordRefused, account, Refusal: Refusal.Invalid("newPassword", "must differ from the one-time password"));
            if (newPassword != confirmPassword)
                return new SignInAttempt(SignInOutcome.NewPasswordRefused, account, Refusal: Refusal.Invalid("confirmPassword", "does not repeat the new password exactly"));
            var changed = await ChangeAsync(account, newPassword, ct);
            if (changed.Refusal is { } refusal) return new SignInAttempt(SignInOutcome.NewPasswordRefused, account, Refusal: refusal);
            account = changed.Account!;
            passwordChanged = true;
        }
        if (!account.MayAct) return new SignInAttempt(SignInOutcome.NoRights, account, PasswordChanged: passwordChanged);
        log.LogInformation("{Login} signed in (from {From})", login, from);
        return new SignInAttempt(SignInOutcome.SignedIn, account);
    }

    /// <summary>
    /// Whether <paramref name="password"/> is the account's current password (for a change of password by its holder); a
    /// wrong one counts as a failed sign-in.
    /// </summary>
    public async Task<bool> IsCurrentPasswordAsync(string login, string? password, CancellationToken ct = default)
    {
        await using var conn = (NpgsqlConnection)store.Options.Tenancy.Default.Database.CreateConnection();
        await conn.OpenAsync(ct);
        if (await AccountSecrets.ReadAsync(conn, login, ct) is not { } secret) return false;
        if (passwords.Verify(secret.PasswordHash, password ?? "") != PasswordVerificationResult.Failed) return true;
        var (_, lockedUntil) = await AccountSecrets.RecordFailureAsync(conn, login, settings.MaxFailures, clock.GetUtcNow() + settings.LockFor, ct);
        log.LogWarning("Wrong current password given by {Login} to change it{Locked}", login, lockedUntil > clock.GetUtcNow() ? $"; locked until {lockedUntil:O}" : "");
        return false;
    }

    /// <summary>
    /// The holder sets a password of their own: a <see cref="PasswordChanged"/> event (in the holder's own name, as
    /// <see cref="AccountRoles.AccountHolder"/>) and the new hash, in one transaction; every other session ends.
    /// </summary>
    public async Task<AccountWrites.Outcome> ChangeAsync(Account account, string newPassword, CancellationToken ct = default)
    {
        using var acting = CurrentActor.Use(new ActorInfo(account.Name, AccountRoles.AccountHolder, [], null, account.Login));
        await using var session = store.LightweightSession();
        return await AccountWrites.ApplyAsync(session, account.Login, a => Task.FromResult(AccountDecisions.ChangePassword(a, newPassword)), null,
            s => AccountSecrets.QueueSet(s, account.Login, passwords.Hash(newPassword), mustChange: false, clock.GetUtcNow()), ct);
    }
}
