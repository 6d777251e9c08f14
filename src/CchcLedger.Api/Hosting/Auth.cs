using System.Security.Claims;
using System.Security.Cryptography;
using CchcLedger.Api.Accounts;
using CchcLedger.Domain.Accounts;
using CchcLedger.Projections;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CchcLedger.Api.Hosting;

/// <summary>The roles of the ledger (named in <see cref="AccountRoles"/>, where accounts are granted them), and the ledger's own principal.</summary>
public static class Roles
{
    public const string AgencyOfficer = AccountRoles.AgencyOfficer;
    public const string Appraiser = AccountRoles.Appraiser;
    public const string CouncilSecretary = AccountRoles.CouncilSecretary;
    public const string CriteriaAdmin = AccountRoles.CriteriaAdmin;
    public const string Auditor = AccountRoles.Auditor;
    /// <summary>Manages accounts and their rights, withdraws tokens; reads everything.</summary>
    public const string Administrator = AccountRoles.Administrator;

    /// <summary>The ledger's own principal: the demo loader and other work not done for a request.</summary>
    public const string System = "system";

    public static readonly string[] All = AccountRoles.All;
}

/// <summary>
/// How tokens are signed and checked: HMAC-SHA256 with <c>Auth:SigningKey</c> (base64, at least 32 bytes), issuer
/// <c>Auth:Issuer</c>, audience <c>Auth:Audience</c>. Without a configured key a development key is created on first
/// use in <c>.data/auth/signing.key</c> (git-ignored) with a warning; in Production the ledger refuses to start.
/// </summary>
public sealed record AuthSettings(byte[] SigningKey, string Issuer, string Audience)
{
    public const string DefaultIssuer = "cchc-ledger";
    public const string DefaultAudience = "cchc-ledger-api";
    public const int DefaultMaxLifetimeDays = 30;

    /// <summary>The longest a token may live, from its not-before to its expiry (<c>Auth:MaxTokenLifetimeDays</c>); a longer one is refused.</summary>
    public TimeSpan MaxLifetime { get; init; } = TimeSpan.FromDays(DefaultMaxLifetimeDays);

    public SymmetricSecurityKey Key => new(SigningKey);

    public static AuthSettings From(IConfiguration configuration, bool production, ILogger? log = null) =>
        Keyed(configuration, production, log) with { MaxLifetime = TimeSpan.FromDays(configuration.GetValue("Auth:MaxTokenLifetimeDays", DefaultMaxLifetimeDays)) };

    private static AuthSettings Keyed(IConfiguration configuration, bool production, ILogger? log)
    {
        var issuer = configuration["Auth:Issuer"] is { Length: > 0 } i ? i : DefaultIssuer;
        var audience = configuration["Auth:Audience"] is { Length: > 0 } a ? a : DefaultAudience;
        if (configuration["Auth:SigningKey"] is { Length: > 0 } configured)
        {
            var key = Convert.FromBase64String(configured);
            if (key.Length < 32) throw new InvalidOperationException("Auth:SigningKey must be at least 32 bytes (base64)");
            return new AuthSettings(key, issuer, audience);
        }
        if (production)
            throw new InvalidOperationException("The ledger refuses to start in Production without Auth:SigningKey (a base64 key of at least 32 bytes).");

        var file = configuration["Auth:DevelopmentKeyFile"] is { Length: > 0 } f ? f : Path.Combine(Path.GetDirectoryName(LedgerDatabase.DefaultFolder())!, "auth", "signing.key");
        var text = DevelopmentKeys.ReadOrCreate(file, () => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            $"No Auth:SigningKey configured: created a development signing key in {file}. Configure Auth:SigningKey for any real use.", log);
        return new AuthSettings(Convert.FromBase64String(text.Trim()), issuer, audience);
    }

    public TokenValidationParameters Validation() => new()
    {
        ValidIssuer = Issuer,
        ValidAudience = Audience,
        IssuerSigningKey = Key,
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        RequireExpirationTime = true,
        ClockSkew = TimeSpan.FromSeconds(30),
        NameClaimType = "name",
        RoleClaimType = "role",
    };

    /// <summary>
    /// What the ledger checks beyond the signature, once a token is valid: one role, a known one; an id (so it can be
    /// revoked); a lifetime within <see cref="MaxLifetime"/>; not revoked. Null when it passes, else the reason.
    /// </summary>
    public async Task<string?> RefusalAsync(ClaimsPrincipal principal, SecurityToken token, Func<string, Task<bool>> revoked)
    {
        var roles = principal.FindAll("role").Select(c => c.Value).ToList();
        if (roles.Count != 1) return $"a token carries exactly one role; this one carries {roles.Count}";
        if (!Roles.All.Contains(roles[0])) return $"'{roles[0]}' is not a role of this ledger";
        if (principal.FindFirstValue("jti") is not { Length: > 0 } id) return "the token has no id (jti), so it could not be revoked";
        var from = token.ValidFrom != DateTime.MinValue ? token.ValidFrom : (token as JsonWebToken)?.IssuedAt ?? DateTime.MinValue;
        if (from == DateTime.MinValue) return "the token says neither when it was issued nor from when it is valid";
        if (token.ValidTo - from > MaxLifetime)
            return $"the token lives {(token.ValidTo - from).TotalDays:0.#} days; this ledger accepts at most {MaxLifetime.TotalDays:0.#}";
        return await revoked(id) ? $"token {id} has been revoked" : null;
    }

    /// <summary>A signed token for one person in one role, scoped to agencies for agency officers.</summary>
    public string Issue(string name, string role, IReadOnlyCollection<string> agencies, TimeSpan lifetime, DateTimeOffset now)
    {
        var claims = new List<Claim> { new("name", name), new("role", role), new("jti", Guid.NewGuid().ToString("N")) };
        claims.AddRange(agencies.Select(a => new Claim("agency", a)));
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Subject = new ClaimsIdentity(claims),
            Issuer = Issuer,
            Audience = Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = (now + lifetime).UtcDateTime,
            SigningCredentials = new SigningCredentials(Key, SecurityAlgorithms.HmacSha256),
        });
    }

    /// <summary>
    /// The actor a validated principal stands for; the name, role and scope come from the token, or from the account signed
    /// in (checked against the account's current rights on every request, see <c>AccountSessions</c>), never from a body.
    /// </summary>
    public static ActorInfo? ActorOf(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true
            ? new ActorInfo(user.FindFirstValue("name") ?? "?", user.FindFirstValue("role") ?? "?", user.FindAll("agency").Select(c => c.Value).ToList(),
                user.FindFirstValue("jti"), user.FindFirstValue(AccountClaims.Account))
            : null;
}

/// <summary>Why a correctly signed token was refused by the ledger's own rules; its message is safe to show the caller.</summary>
public sealed class TokenRefused(string reason) : Exception(reason);
