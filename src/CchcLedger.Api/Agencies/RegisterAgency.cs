using CchcLedger.Api.Hosting;
using CchcLedger.Domain;
using CchcLedger.Domain.Agencies;
using Marten;
using Wolverine.Http;

namespace CchcLedger.Api.Agencies;

public static class RegisterAgencyEndpoint
{
    [Api("Đăng ký đơn vị", "Register an agency")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<Agency>(201)]
    [Refuses(400, 409)]
    [WolverinePost("/api/agencies")]
    public static async Task<IResult> Post(RegisterAgency command, IDocumentSession session) =>
        await RegisterAsync(session, command) switch
        {
            (_, { } refusal) => Problems.For(refusal),
            var (agency, _) => Results.Created($"/api/agencies/{agency!.Code}", agency),
        };

    public static async Task<(Agency? Agency, Refusal? Refusal)> RegisterAsync(IDocumentSession session, RegisterAgency command)
    {
        var existing = command.Code is { Length: > 0 } code ? await session.AgencyAsync(code) : null;
        var decision = AgencyDecisions.Register(existing, command, await session.BlocksAsync());
        if (decision.Refusal is { } refusal) return (null, refusal);

        // Starting the stream (not appending to it) makes a concurrent second registration of the code fail.
        session.Events.StartStream<Agency>(Agency.StreamKey(command.Code!), decision.Events.ToArray());
        await session.SaveChangesAsync();
        return (decision.Events.Aggregate((Agency?)null, Agency.Evolve), null);
    }
}
