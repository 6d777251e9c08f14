using CchcLedger.Api.Hosting;
using CchcLedger.Domain;
using CchcLedger.Domain.Agencies;
using Marten;
using Wolverine.Http;

namespace CchcLedger.Api.Agencies;

/// <summary>Shared by the endpoints that change an existing agency: load it, decide, append.</summary>
internal static class AgencyWrites
{
    public static async Task<IResult> Execute(IDocumentSession session, string code, Func<Agency, Task<Decision>> decide)
    {
        var stream = await session.Events.FetchForWriting<Agency>(Agency.StreamKey(code));
        if (stream.Aggregate is not { } agency) return Problems.Make(404, "Not found", "code", $"agency '{code}' is not registered");
        var decision = await decide(agency);
        if (decision.Refusal is { } refusal) return Problems.For(refusal);
        stream.AppendMany(decision.Events.ToArray());
        await session.SaveChangesAsync();
        return Results.Ok(decision.Events.Aggregate((Agency?)agency, Agency.Evolve));
    }
}

public static class RenameAgencyEndpoint
{
    [Api("Đổi tên đơn vị", "Rename an agency")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<Agency>(200)]
    [Refuses(400, 404, 409)]
    [WolverinePost("/api/agencies/{code}/renaming")]
    public static Task<IResult> Post(string code, RenameAgency command, IDocumentSession session) =>
        AgencyWrites.Execute(session, code, agency => Task.FromResult(AgencyDecisions.Rename(agency, command)));
}

public static class MoveAgencyToBlockEndpoint
{
    [Api("Chuyển khối đơn vị", "Move an agency to another block")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<Agency>(200)]
    [Refuses(400, 404, 409)]
    [WolverinePost("/api/agencies/{code}/block-change")]
    public static Task<IResult> Post(string code, MoveAgencyToBlock command, IDocumentSession session) =>
        AgencyWrites.Execute(session, code, async agency => AgencyDecisions.MoveToBlock(agency, command, await session.BlocksAsync()));
}

public static class DissolveAgencyEndpoint
{
    [Api("Giải thể đơn vị", "Dissolve an agency")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<Agency>(200)]
    [Refuses(400, 404, 409)]
    [WolverinePost("/api/agencies/{code}/dissolution")]
    public static Task<IResult> Post(string code, DissolveAgency command, IDocumentSession session) =>
        AgencyWrites.Execute(session, code, async agency =>
        {
            var target = command.MergedInto is { Length: > 0 } into ? await session.AgencyAsync(into) : null;
            return AgencyDecisions.Dissolve(agency, target, command);
        });
}
