using CchcLedger.Api.Hosting;
using CchcLedger.Domain.Accounts;
using Marten;
using Wolverine.Http;

namespace CchcLedger.Api.Accounts;

public static class RevokeRoleEndpoint
{
    /// <summary>An administrator withdraws a role: from the account's next request on, it may no longer act in it.</summary>
    [Api("Thu hồi quyền", "Revoke a role")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<AccountView>(200)]
    [Refuses(400, 404, 409)]
    [Versioned]
    [WolverinePost("/api/accounts/{login}/grants/{role}/revocation")]
    public static Task<IResult> Post(string login, string role, RevokeRole command, IDocumentSession session, HttpContext http) =>
        AccountWrites.ExecuteAsync(session, login, account => Task.FromResult(AccountDecisions.Revoke(account, role, command, AccountWrites.ActingLogin(http))), http);
}
