using CchcLedger.Api.Hosting;
using CchcLedger.Domain.Accounts;
using Marten;
using Wolverine.Http;

namespace CchcLedger.Api.Accounts;

public static class DisableAccountEndpoint
{
    /// <summary>Nobody may sign in with the account any more; its open sessions end at their next request. Its rights are kept.</summary>
    [Api("Khóa tài khoản", "Disable an account")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<AccountView>(200)]
    [Refuses(400, 404, 409)]
    [Versioned]
    [WolverinePost("/api/accounts/{login}/disabling")]
    public static Task<IResult> Post(string login, ChangeAccountState command, IDocumentSession session, HttpContext http) =>
        AccountWrites.ExecuteAsync(session, login, account => Task.FromResult(AccountDecisions.Disable(account, command, AccountWrites.ActingLogin(http))), http);
}
