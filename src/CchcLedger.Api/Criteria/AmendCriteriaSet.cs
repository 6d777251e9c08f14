using CchcLedger.Api.Hosting;
using CchcLedger.Domain;
using CchcLedger.Domain.Criteria;
using Marten;
using Wolverine.Http;

namespace CchcLedger.Api.Criteria;

public static class AmendCriteriaSetEndpoint
{
    /// <summary>Changes the rules by a decision: every change applies, as one new rules version, or none does.</summary>
    [WolverinePost("/api/criteria-sets/{setId}/amendments")]
    public static async Task<IResult> Post(string setId, AmendCriteriaSet command, IDocumentSession session) =>
        await AmendAsync(session, setId, command) switch
        {
            (_, { } refusal) => Problems.For(refusal),
            var (set, _) => Results.Ok(CriteriaSetDetail.Of(set!)),
        };

    public static async Task<(CriteriaSet? Set, Refusal? Refusal)> AmendAsync(IDocumentSession session, string setId, AmendCriteriaSet command)
    {
        var stream = await session.Events.FetchForWriting<CriteriaSet>(CriteriaSet.StreamKey(setId));
        if (stream.Aggregate is not { } set) return (null, Refusal.NotFound("setId", $"criteria set '{setId}' does not exist"));

        var decision = CriteriaAmendments.Amend(set, command);
        if (decision.Refusal is { } refusal) return (null, refusal);

        stream.AppendMany(decision.Events.ToArray());
        await session.SaveChangesAsync();
        return (decision.Events.Aggregate((CriteriaSet?)set, CriteriaSet.Evolve), null);
    }
}
