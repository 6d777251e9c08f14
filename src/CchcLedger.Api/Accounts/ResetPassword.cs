using CchcLedger.Api.Hosting;
using CchcLedger.Domain.Accounts;
using CchcLedger.Projections;
using Marten;
using Wolverine.Http;

namespace CchcLedger.Api.Accounts;

/// <summary>The account after a reset, and its one-time password: answered once, never stored but as a hash.</summary>
public sealed record PasswordResetAnswer(AccountView Account, string OneTimePassword);

public static class ResetPasswordEndpoint
{
    /// <summary>
    /// An administrator gives an account a one-time password (the event records who and why, never the password); every
    /// open session of the account ends. Not kept for an Idempotency-Key replay, like a new account's password.
    /// </summary>
    [Api("Cấp lại mật khẩu dùng một lần", "Reset an account's password to a new one-time password")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<PasswordResetAnswer>(200)]
    [Refuses(400, 404, 409)]
    [Versioned]
    [WolverinePost("/api/accounts/{login}/password-reset")]
    public static async Task<IResult> Post(string login, ResetPassword command, IDocumentSession session, AccountPasswords passwords, TimeProvider clock, HttpContext http)
    {
        var (expected, badHeader) = Versions.Expected(http);
        if (badHeader is not null) return Problems.For(badHeader);
        var (outcome, oneTime) = await ResetAsync(session, passwords, clock, login, command, AccountWrites.ActingLogin(http), expected);
        if (outcome.Refusal is { } refusal) return Problems.For(refusal);
        Versions.Tag(http, outcome.Version);
        http.Response.Headers.CacheControl = "no-store";
        return Results.Ok(new PasswordResetAnswer(AccountView.Of(outcome.Account!, outcome.Version), oneTime!));
    }

    public static async Task<(AccountWrites.Outcome Outcome, string? OneTimePassword)> ResetAsync(IDocumentSession session, AccountPasswords passwords, TimeProvider clock,
        string login, ResetPassword command, string? actingLogin, long? expectedVersion)
    {
        var oneTime = AccountPasswords.OneTime();
        var outcome = await AccountWrites.ApplyAsync(session, login, account => Task.FromResult(AccountDecisions.ResetPassword(account, command, actingLogin)), expectedVersion,
            s => AccountSecrets.QueueSet(s, Domain.Accounts.AccountDecisions.NormaliseLogin(login), passwords.Hash(oneTime), mustChange: true, clock.GetUtcNow()));
        return (outcome, outcome.Refusal is null ? oneTime : null);
    }
}
