using System.Globalization;
using System.Security.Claims;
using CchcLedger.Domain.Accounts;
using Marten;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace CchcLedger.Api.Accounts;

/// <summary>Claims of a session, beside the token's (<c>name</c>, <c>role</c>, <c>agency</c>) that every actor has.</summary>
public static class AccountClaims
{
    /// <summary>The account's login: events record it as the header <c>accountId</c>.</summary>
    public const string Account = "account";
    /// <summary>The account's security epoch when the session began; a password reset or change ends older sessions.</summary>
    public const string Epoch = "epoch";
    /// <summary>How the person signed in: <c>pwd</c> or <c>oidc</c>.</summary>
    public const string Method = "amr";
    /// <summary>How many roles the account holds now (the header offers to change role when more than one).</summary>
    public const string Roles = "roles";
}

/// <summary>
/// A person's session in the browser: an HttpOnly cookie (<c>cchc_session</c>, SameSite=Lax, Secure over HTTPS) holding the
/// account, the role the person chose to act in, and the security epoch. The cookie never decides what the person may do:
/// on every request the account is read again and the session is rebuilt from its current state, so a revoked role, a
/// narrowed agency scope, a disabled account or a password reset applies from the very next request.
/// </summary>
public static class AccountSessions
{
    public const string Scheme = "cchc-session";
    public const string CookieName = "cchc_session";

    /// <summary>The principal of a session acting in <paramref name="grant"/>'s role: the same claims a token carries, plus the account's.</summary>
    public static ClaimsPrincipal Principal(Account account, Grant grant, string method)
    {
        var claims = new List<Claim>
        {
            new("name", account.Name),
            new("role", grant.Role),
            new(AccountClaims.Account, account.Login),
            new(AccountClaims.Epoch, account.SecurityEpoch.ToString(CultureInfo.InvariantCulture)),
            new(AccountClaims.Method, method),
            new(AccountClaims.Roles, account.Grants.Count.ToString(CultureInfo.InvariantCulture)),
        };
        claims.AddRange(grant.Agencies.Select(a => new Claim("agency", a)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme, "name", "role"));
    }

    /// <summary>The role a session starts in when the person has not chosen one: the first of the account's roles in the ledger's order.</summary>
    public static Grant? DefaultGrant(Account account) =>
        account.Grants.OrderBy(g => Array.IndexOf(AccountRoles.All, g.Role)).FirstOrDefault();

    public static Task SignInAsync(HttpContext http, Account account, Grant grant, string method) =>
        http.SignInAsync(Scheme, Principal(account, grant, method), new AuthenticationProperties { IsPersistent = false, AllowRefresh = true });

    /// <summary>
    /// The check of every request that carries a session: the account still exists, is enabled, is at the same security
    /// epoch and still holds the role; the principal is then rebuilt from the account as it is now. Otherwise the session
    /// ends here and the request is anonymous (a page asks to sign in again).
    /// </summary>
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal!;
        var login = principal.FindFirstValue(AccountClaims.Account);
        var role = principal.FindFirstValue("role");
        var epoch = principal.FindFirstValue(AccountClaims.Epoch);
        var method = principal.FindFirstValue(AccountClaims.Method) ?? "pwd";
        Account? account = null;
        if (login is not null)
        {
            await using var session = context.HttpContext.RequestServices.GetRequiredService<IDocumentStore>().QuerySession();
            account = await session.LoadAsync<Account>(Account.StreamKey(login), context.HttpContext.RequestAborted);
        }
        if (account is { Disabled: false } && role is not null && account.GrantOf(role) is { } grant
            && account.SecurityEpoch.ToString(CultureInfo.InvariantCulture) == epoch)
        {
            context.ReplacePrincipal(Principal(account, grant, method));
            return;
        }
        context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(AccountSessions))
            .LogInformation("Session of {Login} as {Role} ended: {Why}", login, role,
                account is null ? "no such account" : account.Disabled ? "account disabled" : account.GrantOf(role ?? "") is null ? "role revoked" : "password reset or changed");
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(Scheme);
    }
}
