using CchcLedger.Domain;
using CchcLedger.Domain.Criteria;
using Marten;
using Wolverine.Http;

namespace CchcLedger.Api.Criteria;

public static class AdoptCriteriaSetEndpoint
{
    [WolverinePost("/api/criteria-sets/{setId}/adoption")]
    public static async Task<IResult> Post(string setId, AdoptCriteriaSet command, IDocumentSession session) =>
        CriteriaSetWrites.Answer(await AdoptAsync(session, setId, command));

    public static Task<(CriteriaSet? Set, Refusal? Refusal)> AdoptAsync(IDocumentSession session, string setId, AdoptCriteriaSet command) =>
        CriteriaSetWrites.ApplyAsync(session, setId, async set =>
            CriteriaSetDecisions.Adopt(set, (await session.AdoptedSetAsync(set.Year, set.Block))?.SetId, command));
}
