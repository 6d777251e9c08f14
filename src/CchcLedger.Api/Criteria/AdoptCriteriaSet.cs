using CchcLedger.Api.Hosting;
using CchcLedger.Domain;
using CchcLedger.Domain.Criteria;
using Marten;
using Wolverine.Http;

namespace CchcLedger.Api.Criteria;

public static class AdoptCriteriaSetEndpoint
{
    [Api("Ban hành bộ tiêu chí", "Adopt a criteria set")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<CriteriaSetDetail>(200)]
    [Refuses(400, 404, 409)]
    [Versioned]
    [WolverinePost("/api/criteria-sets/{setId}/adoption")]
    public static Task<IResult> Post(string setId, AdoptCriteriaSet command, IDocumentSession session, HttpContext http) =>
        CriteriaSetWrites.ExecuteAsync(session, setId, Adopt(session, command), http);

    public static Task<(CriteriaSet? Set, Refusal? Refusal)> AdoptAsync(IDocumentSession session, string setId, AdoptCriteriaSet command) =>
        CriteriaSetWrites.ApplyAsync(session, setId, Adopt(session, command));

    private static Func<CriteriaSet, Task<Decision>> Adopt(IDocumentSession session, AdoptCriteriaSet command) => async set =>
        CriteriaSetDecisions.Adopt(set, (await session.AdoptedSetAsync(set.Year, set.Block))?.SetId, command);
}
