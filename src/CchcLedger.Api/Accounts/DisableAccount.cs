using CchcLedger.Domain.Accounts;
using Marten;
using Wolverine.Http;

namespace CchcLedger.Api.Accounts;

public static class DisableAccountEndpoint
{
    /// <summary>Nobody may sign in with the account any more; its open sessions end at their next request. Its rights are kept.</summary>
    [WolverinePost("/api/accounts/{login}/disabling")]
    public static Task<IResult> Post(string login, ChangeAccountState command, IDocumentSession session, HttpContext http) =>
        AccountWrites.ExecuteAsync(session, login, account => Task.FromResult(AccountDecisions.Disable(account, command, AccountWrites.ActingLogin(http))), http);
}
