using CchcLedger.Api.Hosting;
using CchcLedger.Domain;
using CchcLedger.Domain.Criteria;
using Marten;
using Wolverine.Http;

namespace CchcLedger.Api.Criteria;

public static class DraftCriteriaSetEndpoint
{
    [Api("Soạn thảo bộ tiêu chí", "Draft a criteria set")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<CriteriaSetDetail>(201)]
    [Refuses(400, 404, 409)]
    [Versioned(IfMatch = false)]
    [WolverinePost("/api/criteria-sets")]
    public static async Task<IResult> Post(DraftCriteriaSet command, IDocumentSession session, HttpContext http)
    {
        var (set, refusal) = await DraftAsync(session, command);
        if (refusal is not null) return Problems.For(refusal);
        Versions.Tag(http, 1); // a new stream holds one event: the draft
        return Results.Created($"/api/criteria-sets/{set!.SetId}", CriteriaSetDetail.Of(set));
    }

    public static async Task<(CriteriaSet? Set, Refusal? Refusal)> DraftAsync(IDocumentSession session, DraftCriteriaSet command)
    {
        var existing = string.IsNullOrWhiteSpace(command.Id) ? null : await session.CriteriaSetAsync(command.Id);
        var source = await CriteriaSetDetail.ResolveAsync(session, command.CopyFrom);
        var decision = CriteriaSetDecisions.Draft(existing, command, await session.BlocksAsync(), source);
        if (decision.Refusal is { } refusal) return (null, refusal);

        session.Events.StartStream<CriteriaSet>(CriteriaSet.StreamKey(command.Id!), decision.Events.ToArray());
        await session.SaveChangesAsync();
        return (decision.Events.Aggregate((CriteriaSet?)null, CriteriaSet.Evolve), null);
    }
}
