using CchcLedger.Domain.Accounts;
using Marten;
using Wolverine.Http;

namespace CchcLedger.Api.Accounts;

public static class EnableAccountEndpoint
{
    /// <summary>A disabled account may sign in again, with the rights it held.</summary>
    [WolverinePost("/api/accounts/{login}/enabling")]
    public static Task<IResult> Post(string login, ChangeAccountState command, IDocumentSession session, HttpContext http) =>
        AccountWrites.ExecuteAsync(session, login, account => Task.FromResult(AccountDecisions.Enable(account, command, AccountWrites.ActingLogin(http))), http);
}
