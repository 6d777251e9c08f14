using CchcLedger.Api.Hosting;
using CchcLedger.Domain.Accounts;
using Marten;
using Wolverine.Http;

namespace CchcLedger.Api.Accounts;

public static class EnableAccountEndpoint
{
    /// <summary>A disabled account may sign in again, with the rights it held.</summary>
    [Api("Mở lại tài khoản", "Enable an account again")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<AccountView>(200)]
    [Refuses(400, 404, 409)]
    [Versioned]
    [WolverinePost("/api/accounts/{login}/enabling")]
    public static Task<IResult> Post(string login, ChangeAccountState command, IDocumentSession session, HttpContext http) =>
        AccountWrites.ExecuteAsync(session, login, account => Task.FromResult(AccountDecisions.Enable(account, command, AccountWrites.ActingLogin(http))), http);
}
