using CchcLedger.Api.Hosting;
using CchcLedger.Domain;
using CchcLedger.Domain.Accounts;
using CchcLedger.Domain.Agencies;
using Marten;
using Wolverine.Http;

namespace CchcLedger.Api.Accounts;

public static class GrantRoleEndpoint
{
    /// <summary>An administrator gives an account a role (an agency officer with its agencies), by a decision.</summary>
    [Api("Giao quyền cho tài khoản", "Grant an account a role")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<AccountView>(200)]
    [Refuses(400, 404, 409)]
    [Versioned]
    [WolverinePost("/api/accounts/{login}/grants")]
    public static Task<IResult> Post(string login, GrantRole command, IDocumentSession session, HttpContext http) =>
        AccountWrites.ExecuteAsync(session, login, Decide(session, command, AccountWrites.ActingLogin(http)), http);

    /// <summary>The decision, with the agencies it names as registered now.</summary>
    public static Func<Account, Task<Decision>> Decide(IQuerySession session, GrantRole command, string? actingLogin) => async account =>
    {
        var codes = (command.Agencies ?? []).Where(c => !string.IsNullOrWhiteSpace(c)).Select(c => c.Trim()).Distinct().ToArray();
        var agencies = codes.Length == 0 ? [] : await session.Query<Agency>().Where(a => a.Code.IsOneOf(codes)).ToListAsync();
        return AccountDecisions.Grant(account, command, agencies.ToDictionary(a => a.Code), actingLogin);
    };
}
