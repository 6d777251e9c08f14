using CchcLedger.Api.Hosting;
using CchcLedger.Domain;
using CchcLedger.Domain.Criteria;
using Marten;

namespace CchcLedger.Api.Criteria;

/// <summary>The one path by which an existing criteria set is written to: load its stream, decide, append, answer.</summary>
public static class CriteriaSetWrites
{
    public static async Task<(CriteriaSet? Set, Refusal? Refusal)> ApplyAsync(IDocumentSession session, string setId, Func<CriteriaSet, Task<Decision>> decide)
    {
        var stream = await session.Events.FetchForWriting<CriteriaSet>(CriteriaSet.StreamKey(setId));
        if (stream.Aggregate is not { } set) return (null, Refusal.NotFound("setId", $"criteria set '{setId}' does not exist"));

        var decision = await decide(set);
        if (decision.Refusal is { } refusal) return (null, refusal);

        stream.AppendMany(decision.Events.ToArray());
        await session.SaveChangesAsync();
        return (decision.Events.Aggregate((CriteriaSet?)set, CriteriaSet.Evolve), null);
    }

    public static IResult Answer((CriteriaSet? Set, Refusal? Refusal) outcome) =>
        outcome.Refusal is { } refusal ? Problems.For(refusal) : Results.Ok(CriteriaSetDetail.Of(outcome.Set!));
}
