using CchcLedger.Api.Hosting;
using CchcLedger.Domain;
using CchcLedger.Domain.Accounts;
using Marten;

namespace CchcLedger.Api.Accounts;

/// <summary>An account as the API answers it: who, whether it may sign in, its rights, and (read now) its stream version, the ETag.</summary>
public sealed record AccountView(string Login, string Name, string? Email, bool Disabled, bool Demo, IReadOnlyList<Grant> Grants, long? Version)
{
    public static AccountView Of(Account account, long? version) =>
        new(account.Login, account.Name, account.Email, account.Disabled, account.Demo, account.Grants, version);
}

/// <summary>
/// The one path by which an existing account is written to, for the endpoints, the pages and the tools alike: load its
/// stream, check the version the writer saw, decide, append (with the secret that goes with the event, in the same
/// transaction), answer. A refusal writes nothing.
/// </summary>
public static class AccountWrites
{
    public sealed record Outcome(Account? Account, Refusal? Refusal, long Version = 0);

    /// <param name="expectedVersion">The account's version the writer saw (If-Match, or a page's form); another one refuses the write.</param>
    /// <param name="alongside">What the commit also writes beside the events: a password hash for account_secrets.</param>
    public static async Task<Outcome> ApplyAsync(IDocumentSession session, string login, Func<Account, Task<Decision>> decide, long? expectedVersion = null,
        Action<IDocumentSession>? alongside = null, CancellationToken ct = default)
    {
        login = AccountDecisions.NormaliseLogin(login);
        if (!AccountDecisions.IsLogin(login)) return new(null, Refusal.NotFound("login", $"account '{login}' does not exist"));
        var stream = await session.Events.FetchForWriting<Account>(Account.StreamKey(login), ct);
        if (stream.Aggregate is not { } account) return new(null, Refusal.NotFound("login", $"account '{login}' does not exist"));
        var current = stream.CurrentVersion ?? 0;
        if (Versions.Check(expectedVersion, current, $"account '{login}'") is { } stale) return new(null, stale, current);
        var decision = await decide(account);
        if (decision.Refusal is { } refusal) return new(null, refusal, current);

        stream.AppendMany(decision.Events.ToArray());
        alongside?.Invoke(session);
        await session.SaveChangesAsync(ct);
        return new(decision.Events.Aggregate((Account?)account, Account.Evolve), null, current + decision.Events.Count);
    }

    /// <summary>One command from an endpoint, honouring its <c>If-Match</c>: the account after it with its ETag, or problem details.</summary>
    public static async Task<IResult> ExecuteAsync(IDocumentSession session, string login, Func<Account, Task<Decision>> decide, HttpContext http)
    {
        var (expected, badHeader) = Versions.Expected(http);
        if (badHeader is not null) return Problems.For(badHeader);
        var outcome = await ApplyAsync(session, login, decide, expected);
        if (outcome.Refusal is { } refusal) return Problems.For(refusal);
        Versions.Tag(http, outcome.Version);
        return Results.Ok(AccountView.Of(outcome.Account!, outcome.Version));
    }

    /// <summary>The account acting in this request (null for a token, or for the ledger itself): nobody changes their own rights.</summary>
    public static string? ActingLogin(HttpContext http) => AuthSettings.ActorOf(http.User)?.AccountId;
}
