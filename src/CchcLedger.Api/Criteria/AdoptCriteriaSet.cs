using CchcLedger.Api.Hosting;
using CchcLedger.Domain;
using CchcLedger.Domain.Criteria;
using Marten;
using Wolverine.Http;

namespace CchcLedger.Api.Criteria;

public static class AdoptCriteriaSetEndpoint
{
    [WolverinePost("/api/criteria-sets/{setId}/adoption")]
    public static async Task<IResult> Post(string setId, AdoptCriteriaSet command, IDocumentSession session) =>
        await AdoptAsync(session, setId, command) switch
        {
            (_, { } refusal) => Problems.For(refusal),
            var (set, _) => Results.Ok(CriteriaSetDetail.Of(set!)),
        };

    public static async Task<(CriteriaSet? Set, Refusal? Refusal)> AdoptAsync(IDocumentSession session, string setId, AdoptCriteriaSet command)
    {
        var stream = await session.Events.FetchForWriting<CriteriaSet>(CriteriaSet.StreamKey(setId));
        if (stream.Aggregate is not { } set) return (null, Refusal.NotFound("setId", $"criteria set '{setId}' does not exist"));

        var alreadyAdopted = await session.AdoptedSetAsync(set.Year, set.Block);
        var decision = CriteriaSetDecisions.Adopt(set, alreadyAdopted?.SetId, command);
        if (decision.Refusal is { } refusal) return (null, refusal);

        stream.AppendMany(decision.Events.ToArray());
        await session.SaveChangesAsync();
        return (decision.Events.Aggregate((CriteriaSet?)set, CriteriaSet.Evolve), null);
    }
}
