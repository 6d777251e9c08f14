using System.Security.Cryptography;
using CchcLedger.Domain.Accounts;
using Microsoft.AspNetCore.Identity;

namespace CchcLedger.Api.Accounts;

/// <summary>
/// Passwords as ASP.NET Core Identity hashes them (<see cref="PasswordHasher{TUser}"/>: PBKDF2 with HMAC-SHA512, a random
/// salt, 100,000 iterations, the parameters in the hash so that a stronger default later rehashes on the next sign-in).
/// Passwords are NFC-normalised first: the same password typed on two keyboards is one password.
/// </summary>
public sealed class AccountPasswords
{
    /// <summary>The hasher's user type: it reads nothing of it.</summary>
    public sealed record Holder;

    private static readonly Holder Nobody = new();
    private readonly PasswordHasher<Holder> _hasher = new();
    private readonly Lazy<string> _decoy;

    public AccountPasswords() => _decoy = new Lazy<string>(() => Hash(OneTime()));

    public string Hash(string password) => _hasher.HashPassword(Nobody, Passwords.Normalise(password));

    public PasswordVerificationResult Verify(string hash, string password) => _hasher.VerifyHashedPassword(Nobody, hash, Passwords.Normalise(password));

    /// <summary>Spends the time of one verification for a login that does not exist, so that timing does not tell which logins do.</summary>
    public void VerifyDecoy(string password) => _hasher.VerifyHashedPassword(Nobody, _decoy.Value, Passwords.Normalise(password));

    /// <summary>Letters and digits that no one reads as another (no 0/O, 1/l/I): four groups of four, about 90 bits.</summary>
    private const string Alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    /// <summary>A one-time password, shown once to the administrator who asked for it and never stored but as a hash.</summary>
    public static string OneTime()
    {
        var chars = RandomNumberGenerator.GetItems<char>(Alphabet, 16);
        return $"{new string(chars, 0, 4)}-{new string(chars, 4, 4)}-{new string(chars, 8, 4)}-{new string(chars, 12, 4)}";
    }
}

/// <summary>
/// How sign-in is guarded (<c>Auth:Lockout:MaxFailures</c>, default 5; <c>Auth:Lockout:Minutes</c>, default 15) and how long a
/// session lives without use (<c>Auth:SessionHours</c>, default 8, sliding).
/// </summary>
public sealed record AccountSettings(int MaxFailures, TimeSpan LockFor, TimeSpan SessionLifetime)
{
    public static AccountSettings From(IConfiguration configuration)
    {
        var failures = configuration.GetValue("Auth:Lockout:MaxFailures", 5);
        var minutes = configuration.GetValue("Auth:Lockout:Minutes", 15.0);
        var hours = configuration.GetValue("Auth:SessionHours", 8.0);
        if (failures < 1) throw new InvalidOperationException("Auth:Lockout:MaxFailures must be at least 1");
        if (minutes <= 0) throw new InvalidOperationException("Auth:Lockout:Minutes must be more than 0");
        if (hours <= 0) throw new InvalidOperationException("Auth:SessionHours must be more than 0");
        return new AccountSettings(failures, TimeSpan.FromMinutes(minutes), TimeSpan.FromHours(hours));
    }
}
