using CchcLedger.Api.Hosting;
using CchcLedger.Domain;
using CchcLedger.Domain.Blocks;
using Marten;
using Wolverine.Http;

namespace CchcLedger.Api.Blocks;

/// <summary>Shared by the endpoints that change a defined block: load it, decide, append.</summary>
internal static class BlockWrites
{
    public static async Task<IResult> Execute(IDocumentSession session, string code, Func<Block, Decision> decide)
    {
        var stream = await session.Events.FetchForWriting<Block>(Block.StreamKey(code));
        if (stream.Aggregate is not { } block) return Problems.Make(404, "Not found", "code", $"block '{code}' is not defined");
        var decision = decide(block);
        if (decision.Refusal is { } refusal) return Problems.For(refusal);
        stream.AppendMany(decision.Events.ToArray());
        await session.SaveChangesAsync();
        return Results.Ok(decision.Events.Aggregate((Block?)block, Block.Evolve));
    }
}

public static class RenameBlockEndpoint
{
    [Api("Đổi tên khối", "Rename a block")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<Block>(200)]
    [Refuses(400, 404, 409)]
    [WolverinePost("/api/blocks/{code}/renaming")]
    public static Task<IResult> Post(string code, RenameBlock command, IDocumentSession session) =>
        BlockWrites.Execute(session, code, block => BlockDecisions.Rename(block, command));
}

public static class RetireBlockEndpoint
{
    [Api("Thôi sử dụng một khối", "Retire a block")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<Block>(200)]
    [Refuses(400, 404, 409)]
    [WolverinePost("/api/blocks/{code}/retirement")]
    public static Task<IResult> Post(string code, RetireBlock command, IDocumentSession session) =>
        BlockWrites.Execute(session, code, block => BlockDecisions.Retire(block, command));
}
