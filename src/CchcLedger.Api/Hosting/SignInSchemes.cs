using CchcLedger.Api.Accounts;
using CchcLedger.Api.Web;
using Marten;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace CchcLedger.Api.Hosting;

/// <summary>
/// Who a request comes from. Scripts send a bearer token (<c>cchc token</c>, signed with the ledger's key); people sign in
/// with an account (a password, or the province's single sign-on when <c>Auth:Oidc:…</c> is configured) and carry a session
/// cookie. One policy scheme picks the right one per request: a bearer token when the request has one, and always for a
/// write to the JSON API (whose endpoints have no antiforgery, so a cookie must never make them write); the session for
/// everything else. AccessControl then decides what the principal may touch, whichever scheme it came from.
/// </summary>
public static class SignInSchemes
{
    public const string Policy = "cchc";

    public static IServiceCollection AddLedgerAuthentication(this IServiceCollection services, IConfiguration configuration, AuthSettings auth)
    {
        var accounts = AccountSettings.From(configuration);
        services.AddSingleton(accounts);
        services.AddSingleton<AccountPasswords>();
        services.AddSingleton<AccountSignIn>();

        var builder = services.AddAuthentication(Policy)
            .AddPolicyScheme(Policy, "Bearer token or session", o => o.ForwardDefaultSelector = http =>
            {
                if (http.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return JwtBearerDefaults.AuthenticationScheme;
                var read = HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method);
                return WebPages.IsApiPath(http.Request.Path) && !read ? JwtBearerDefaults.AuthenticationScheme : AccountSessions.Scheme;
            })
            .AddJwtBearer(o =>
            {
                o.MapInboundClaims = false;
                o.TokenValidationParameters = auth.Validation();
                o.Events = new JwtBearerEvents
                {
                    // Signed is not enough: one known role, an id, a bounded lifetime, and not revoked (a revocation is an event).
                    OnTokenValidated = async context =>
                    {
                        var store = context.HttpContext.RequestServices.GetRequiredService<IDocumentStore>();
                        var refusal = await auth.RefusalAsync(context.Principal!, context.SecurityToken, async id =>
                        {
                            await using var session = store.QuerySession();
                            return await session.LoadAsync<Domain.Access.RevokedToken>(Domain.Access.RevokedToken.StreamKey(id)) is not null;
                        });
                        if (refusal is not null) context.Fail(new TokenRefused(refusal));
                    },
                };
            })
            .AddCookie(AccountSessions.Scheme, o =>
            {
                o.Cookie.Name = AccountSessions.CookieName;
                o.Cookie.HttpOnly = true;
                // Lax, not Strict: a person coming back from the province's single sign-on must arrive signed in. Pages'
                // forms are protected by their antiforgery tokens, and the JSON API never reads this cookie for a write.
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.Cookie.IsEssential = true;
                o.ExpireTimeSpan = accounts.SessionLifetime;
                o.SlidingExpiration = true;
                o.Events = new CookieAuthenticationEvents
                {
                    OnValidatePrincipal = AccountSessions.ValidateAsync,
                    // AccessControl answers refusals (a Vietnamese page for a page); the cookie handler never redirects.
                    OnRedirectToLogin = context => { context.Response.StatusCode = 401; return Task.CompletedTask; },
                    OnRedirectToAccessDenied = context => { context.Response.StatusCode = 403; return Task.CompletedTask; },
                };
            });
        if (OidcSettings.From(configuration) is { } oidc)
        {
            services.AddSingleton(oidc);
            builder.AddOpenIdConnect(OidcSettings.Scheme, oidc.DisplayName ?? "Đăng nhập một lần", oidc.Configure);
        }
        return services;
    }
}
