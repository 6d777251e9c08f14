using CchcLedger.Api.Hosting;
using CchcLedger.Domain;
using CchcLedger.Domain.Accounts;
using CchcLedger.Projections;
using JasperFx.Events;
using Marten;
using Wolverine.Http;

namespace CchcLedger.Api.Accounts;

/// <summary>One step of an account's life: the event, who recorded it in which role from which account, when, and when it took effect.</summary>
public sealed record AccountStep(long Sequence, long Version, string Type, DateTimeOffset RecordedAt, DateTimeOffset? EffectiveAt, string? RecordedBy,
    string? RecordedByRole, string? RecordedByAccount, object Details);

public sealed record AccountDetail(AccountView Account, IReadOnlyList<AccountStep> History);

/// <summary>Accounts now or at a cut: who could do what at any past instant, on either time axis, from the events alone.</summary>
public static class AccountQueries
{
    /// <summary>Every account at the cut (accounts are never removed, so today's list names every one that ever existed).</summary>
    public static async Task<IReadOnlyList<Account>> AllAsync(IQuerySession session, Cut? cut, CancellationToken ct = default)
    {
        var now = await session.Query<Account>().ToListAsync(ct);
        IEnumerable<Account> accounts = cut is { } c ? await FoldAsync(session, now.Select(a => a.Id).ToArray(), c, ct) : now;
        return accounts.OrderBy(a => a.Login, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// The accounts at the cut, from their raw events in one query. Cut.Holds serves both axes (the in-force reads of
    /// InForce take the effective one only), and account streams are short.
    /// </summary>
    private static async Task<IEnumerable<Account>> FoldAsync(IQuerySession session, string[] keys, Cut cut, CancellationToken ct)
    {
        if (keys.Length == 0) return [];
        var events = await session.Events.QueryAllRawEvents().Where(e => e.StreamKey.IsOneOf(keys)).OrderBy(e => e.Sequence).ToListAsync(ct);
        return events.GroupBy(e => e.StreamKey!)
            .Select(g => g.TakeWhile(cut.Holds).Aggregate((Account?)null, (state, e) => Account.Evolve(state, e.Data)))
            .OfType<Account>()
            .ToList();
    }

    /// <summary>The accounts that could act in <paramref name="role"/> (for <paramref name="agency"/>, when given): enabled and holding it.</summary>
    public static IEnumerable<Account> Holding(IEnumerable<Account> accounts, string? role, string? agency) =>
        accounts.Where(a => (role is null && agency is null)
                            || !a.Disabled && a.Grants.Any(g => (role is null || g.Role == role) && (agency is null || g.Agencies.Contains(agency))));

    /// <summary>The account and its history at the cut; null when it did not exist then.</summary>
    public static async Task<AccountDetail?> DetailAsync(IQuerySession session, string login, Cut? cut, CancellationToken ct = default)
    {
        login = AccountDecisions.NormaliseLogin(login);
        if (!AccountDecisions.IsLogin(login)) return null;
        var events = (await session.Events.FetchStreamAsync(Account.StreamKey(login), token: ct)).Where(e => cut?.Holds(e) ?? true).ToList();
        if (events.Aggregate((Account?)null, (a, e) => Account.Evolve(a, e.Data)) is not { } account) return null;
        return new AccountDetail(AccountView.Of(account, cut is null ? events[^1].Version : null), events.Select(Step).ToList());
    }

    public static AccountStep Step(IEvent e) => new(e.Sequence, e.Version, e.EventTypeName, e.Timestamp,
        EffectiveTime.Of(e) is var at && at != e.Timestamp ? at : null, e.UserName, Header(e, "actorRole"), Header(e, "accountId"), e.Data);

    private static string? Header(IEvent e, string name) => e.Headers?.TryGetValue(name, out var value) == true ? value?.ToString() : null;
}

public static class ListAccountsEndpoint
{
    /// <summary>
    /// Every account now or <c>?asOf=</c> (on <c>?axis=</c>), with its rights; <c>?role=</c> and <c>?agency=</c> keep those
    /// that could act in that role, or for that agency, at the instant (enabled and holding it).
    /// </summary>
    [Api("Danh sách tài khoản, hiện tại hoặc tại một thời điểm", "The accounts, now or as of an instant")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<IReadOnlyList<AccountView>>(200)]
    [Refuses(400)]
    [WolverineGet("/api/accounts")]
    public static async Task<IResult> Get(DateTimeOffset? asOf, string? axis, string? role, string? agency, IQuerySession session, TimeProvider clock)
    {
        var (cut, badCut) = History.CutOf(asOf, axis, clock);
        if (badCut is not null) return Problems.For(badCut);
        if (role is not null && !AccountRoles.IsKnown(role))
            return Problems.Make(400, "Invalid request", "role", $"'{role}' is not a role; roles are {string.Join(", ", AccountRoles.All)}");
        var accounts = AccountQueries.Holding(await AccountQueries.AllAsync(session, cut), role, agency);
        return Results.Ok(accounts.Select(a => AccountView.Of(a, null)).ToList());
    }
}

public static class GetAccountEndpoint
{
    /// <summary>One account now or as of an instant, with every event of its life up to then (who, when, on which decision); the current one carries its ETag.</summary>
    [Api("Một tài khoản và toàn bộ diễn biến của nó", "One account with every event of its life")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<AccountDetail>(200)]
    [Refuses(400, 404)]
    [Versioned]
    [WolverineGet("/api/accounts/{login}")]
    public static async Task<IResult> Get(string login, DateTimeOffset? asOf, string? axis, IQuerySession session, TimeProvider clock, HttpContext http)
    {
        var (cut, badCut) = History.CutOf(asOf, axis, clock);
        if (badCut is not null) return Problems.For(badCut);
        if (await AccountQueries.DetailAsync(session, login, cut) is not { } detail)
            return Problems.For(Refusal.NotFound(cut is null ? "login" : "asOf", cut is null
                ? $"account '{login}' does not exist"
                : $"as of {cut.Value.Instant:O} account '{login}' did not exist yet"));
        if (detail.Account.Version is { } version) Versions.Tag(http, version);
        return Results.Ok(detail);
    }
}
