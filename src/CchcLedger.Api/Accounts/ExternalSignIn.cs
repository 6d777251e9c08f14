using System.Security.Claims;
using CchcLedger.Domain.Accounts;
using Marten;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;

namespace CchcLedger.Api.Accounts;

/// <summary>
/// Sign-in through the province's single sign-on (OpenID Connect), turned on by configuration alone:
/// <c>Auth:Oidc:Authority</c>, <c>ClientId</c>, <c>ClientSecret</c>, and <c>AccountClaim</c> (default
/// <c>preferred_username</c>), the claim of the provider's ID token whose value is the login of an account in the ledger.
/// The provider says who the person is; the ledger alone says what they may do: an identity that names no account, or
/// names a disabled account or one without rights, gets no session at all.
/// </summary>
public sealed record OidcSettings(string Authority, string ClientId, string? ClientSecret, string AccountClaim, string CallbackPath, bool RequireHttpsMetadata, string? DisplayName)
{
    public const string Scheme = "oidc";

    public static OidcSettings? From(IConfiguration configuration)
    {
        if (configuration["Auth:Oidc:Authority"] is not { Length: > 0 } authority) return null;
        var clientId = configuration["Auth:Oidc:ClientId"] is { Length: > 0 } id ? id
            : throw new InvalidOperationException("Auth:Oidc:Authority is set but Auth:Oidc:ClientId is not: the provider needs to know the ledger's client id");
        return new OidcSettings(authority, clientId, configuration["Auth:Oidc:ClientSecret"] is { Length: > 0 } secret ? secret : null,
            configuration["Auth:Oidc:AccountClaim"] is { Length: > 0 } claim ? claim : "preferred_username",
            configuration["Auth:Oidc:CallbackPath"] is { Length: > 0 } path ? path : "/signin-oidc",
            configuration.GetValue("Auth:Oidc:RequireHttpsMetadata", true),
            configuration["Auth:Oidc:DisplayName"] is { Length: > 0 } name ? name : null);
    }

    public void Configure(OpenIdConnectOptions o)
    {
        o.Authority = Authority;
        o.ClientId = ClientId;
        o.ClientSecret = ClientSecret;
        o.ResponseType = "code";
        o.UsePkce = true;
        o.CallbackPath = CallbackPath;
        o.RequireHttpsMetadata = RequireHttpsMetadata;
        o.SignInScheme = AccountSessions.Scheme;
        o.MapInboundClaims = false;
        o.SaveTokens = false;
        o.Scope.Clear();
        o.Scope.Add("openid");
        o.Scope.Add("profile");
        o.Events = new OpenIdConnectEvents
        {
            OnTokenValidated = context => ExternalSignIn.OnTokenValidatedAsync(context, this),
            OnRemoteFailure = ExternalSignIn.OnRemoteFailureAsync,
        };
    }
}

public static class ExternalSignIn
{
    /// <summary>Why an external sign-in gave no session, carried to the sign-in page (<c>/dang-nhap?sso=…</c>).</summary>
    public const string Unknown = "unknown";
    public const string Failed = "failed";

    /// <summary>The provider's identity becomes the session of the account it names, or nothing.</summary>
    public static async Task OnTokenValidatedAsync(TokenValidatedContext context, OidcSettings settings)
    {
        var log = context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ExternalSignIn));
        var external = context.Principal?.FindFirstValue(settings.AccountClaim);
        var login = AccountDecisions.NormaliseLogin(external);
        Account? account = null;
        if (AccountDecisions.IsLogin(login))
        {
            await using var session = context.HttpContext.RequestServices.GetRequiredService<IDocumentStore>().QuerySession();
            account = await session.LoadAsync<Account>(Account.StreamKey(login), context.HttpContext.RequestAborted);
        }
        if (account is not { MayAct: true } || AccountSessions.DefaultGrant(account) is not { } grant)
        {
            log.LogWarning("Single sign-on refused: the provider's {Claim} '{External}' (subject {Subject}) names {What}", settings.AccountClaim, external,
                context.Principal?.FindFirstValue("sub"), account is null ? "no account of this ledger" : account.Disabled ? "a disabled account" : "an account without rights");
            context.Fail(Unknown);
            return;
        }
        context.Principal = AccountSessions.Principal(account, grant, "oidc");
        // Several rights: the person chooses which to act in, then goes where they were going.
        if (account.Grants.Count > 1)
            context.Properties!.RedirectUri = "/dang-nhap/vai-tro?returnUrl=" + Uri.EscapeDataString(context.Properties.RedirectUri ?? "/cong-viec");
        log.LogInformation("{Login} signed in through single sign-on", account.Login);
    }

    /// <summary>Any failure of the round trip to the provider lands on the sign-in page with a Vietnamese message, never an error page.</summary>
    public static Task OnRemoteFailureAsync(RemoteFailureContext context)
    {
        var why = context.Failure?.Message == Unknown ? Unknown : Failed;
        if (why == Failed)
            context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ExternalSignIn))
                .LogWarning("Single sign-on failed: {Error}", context.Failure?.Message);
        context.Response.Redirect($"/dang-nhap?sso={why}");
        context.HandleResponse();
        return Task.CompletedTask;
    }
}
