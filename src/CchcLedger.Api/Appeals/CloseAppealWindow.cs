using CchcLedger.Api.Hosting;
using CchcLedger.Domain.Appeals;
using Marten;
using Wolverine.Http;

namespace CchcLedger.Api.Appeals;

public static class CloseAppealWindowEndpoint
{
    /// <summary>The council closes the current round's appeal window now, by decision, before its scheduled end.</summary>
    [Api("Đóng sớm thời hạn kiến nghị theo quyết định của hội đồng", "Close the appeal window early by the council's decision")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<ResultsRound>(200)]
    [Refuses(400, 404, 409)]
    [WolverinePost("/api/years/{year}/rankings/{block}/preliminary/closure")]
    public static async Task<IResult> Post(int year, string block, CloseAppealWindow command, IDocumentSession session, TimeProvider clock)
    {
        if ((await session.BlocksAsync()).RefuseUnlessDefined("block", block) is { } badBlock) return Problems.For(badBlock);
        var stream = await session.Events.FetchForWriting<ResultsRound>(ResultsRound.StreamKey(year, block));
        var decision = ResultsRoundDecisions.CloseWindow(stream.Aggregate, year, block, command, clock.GetUtcNow());
        if (decision.Refusal is { } refusal) return Problems.For(refusal);

        stream.AppendMany(decision.Events.ToArray());
        await session.SaveChangesAsync();
        return Results.Ok(decision.Events.Aggregate(stream.Aggregate, ResultsRound.Evolve));
    }
}
