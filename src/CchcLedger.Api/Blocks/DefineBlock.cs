using CchcLedger.Api.Hosting;
using CchcLedger.Domain;
using CchcLedger.Domain.Blocks;
using Marten;
using Wolverine.Http;

namespace CchcLedger.Api.Blocks;

public static class DefineBlockEndpoint
{
    [Api("Định nghĩa một khối", "Define a block")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<Block>(201)]
    [Refuses(400, 409)]
    [WolverinePost("/api/blocks")]
    public static async Task<IResult> Post(DefineBlock command, IDocumentSession session) =>
        await DefineAsync(session, command) switch
        {
            (_, { } refusal) => Problems.For(refusal),
            var (block, _) => Results.Created($"/api/blocks/{block!.Code}", block),
        };

    public static async Task<(Block? Block, Refusal? Refusal)> DefineAsync(IDocumentSession session, DefineBlock command)
    {
        var existing = command.Code is { Length: > 0 } code ? await session.LoadAsync<Block>(Block.StreamKey(code)) : null;
        var decision = BlockDecisions.Define(existing, command);
        if (decision.Refusal is { } refusal) return (null, refusal);
        // Starting the stream makes a concurrent second definition of the code fail.
        session.Events.StartStream<Block>(Block.StreamKey(command.Code!), decision.Events.ToArray());
        await session.SaveChangesAsync();
        return (decision.Events.Aggregate((Block?)null, Block.Evolve), null);
    }
}
