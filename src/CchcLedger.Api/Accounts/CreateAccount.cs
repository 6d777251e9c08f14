using CchcLedger.Api.Hosting;
using CchcLedger.Domain;
using CchcLedger.Domain.Accounts;
using CchcLedger.Projections;
using Marten;
using Wolverine.Http;

namespace CchcLedger.Api.Accounts;

/// <summary>A new account and the password to give its holder: a one-time password, shown this once, unless one was set by the tool.</summary>
public sealed record CreatedAccount(AccountView Account, string? OneTimePassword);

public static class CreateAccountEndpoint
{
    /// <summary>
    /// An administrator opens an account (201) with a one-time password, answered once and never stored but as a hash: its
    /// holder sets a password of their own at the first sign-in. The answer is not kept for an Idempotency-Key replay
    /// (Cache-Control: no-store); a retry after a lost answer is a 409, and a password reset gives a new one-time password.
    /// </summary>
    [Api("Tạo tài khoản (mật khẩu dùng một lần trả về một lần)", "Create an account (its one-time password is answered once)")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<CreatedAccount>(201)]
    [Refuses(400, 409)]
    [WolverinePost("/api/accounts")]
    public static async Task<IResult> Post(CreateAccount command, IDocumentSession session, AccountPasswords passwords, TimeProvider clock, HttpContext http)
    {
        var (account, oneTime, refusal) = await CreateAsync(session, passwords, clock.GetUtcNow(), command);
        if (refusal is not null) return Problems.For(refusal);
        Versions.Tag(http, 1);
        http.Response.Headers.CacheControl = "no-store";
        return Results.Created($"/api/accounts/{account!.Login}", new CreatedAccount(AccountView.Of(account, 1), oneTime));
    }

    /// <param name="password">A password chosen by the tool's user (<c>cchc account create-admin</c>) or the demo's; none: a one-time password is made.</param>
    /// <param name="grant">A first role, given in the same transaction (the tool's first administrator, the demo's accounts), by the ledger itself.</param>
    public static async Task<(Account? Account, string? OneTimePassword, Refusal? Refusal)> CreateAsync(IDocumentSession session, AccountPasswords passwords,
        DateTimeOffset now, CreateAccount command, string? password = null, bool demo = false, GrantRole? grant = null, CancellationToken ct = default)
    {
        var login = AccountDecisions.NormaliseLogin(command.Login);
        var existing = AccountDecisions.IsLogin(login) ? await session.LoadAsync<Account>(Account.StreamKey(login), ct) : null;
        var decision = AccountDecisions.Create(existing, command, demo);
        if (decision.Refusal is { } refusal) return (null, null, refusal);
        if (password is not null && Passwords.Check(password, login, "password") is { } weak) return (null, null, weak);
        var events = decision.Events.ToList();
        var account = events.Aggregate((Account?)null, Account.Evolve)!;
        if (grant is not null)
        {
            var granted = await GrantRoleEndpoint.Decide(session, grant, null)(account);
            if (granted.Refusal is { } grantRefusal) return (null, null, grantRefusal);
            events.AddRange(granted.Events);
            account = granted.Events.Aggregate(account, (a, e) => Account.Evolve(a, e)!);
        }

        var oneTime = password is null ? AccountPasswords.OneTime() : null;
        // Starting the stream (not appending to it) makes a concurrent second creation of the login fail.
        session.Events.StartStream<Account>(Account.StreamKey(login), events.ToArray());
        AccountSecrets.QueueCreate(session, login, passwords.Hash(password ?? oneTime!), mustChange: password is null, now);
        await session.SaveChangesAsync(ct);
        return (account, oneTime, null);
    }
}
