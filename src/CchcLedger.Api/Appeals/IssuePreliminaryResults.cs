using CchcLedger.Api.Hosting;
using CchcLedger.Domain;
using CchcLedger.Domain.Appeals;
using Marten;
using Wolverine.Http;

namespace CchcLedger.Api.Appeals;

public static class IssuePreliminaryResultsEndpoint
{
    /// <summary>The appraisal office sends the block's preliminary results out and opens the appeal window.</summary>
    [Api("Gửi kết quả sơ bộ, mở thời hạn kiến nghị", "Issue preliminary results and open the appeal window")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<Domain.Appeals.ResultsRound>(201)]
    [Refuses(400, 404, 409)]
    [WolverinePost("/api/years/{year}/rankings/{block}/preliminary")]
    public static async Task<IResult> Post(int year, string block, IssuePreliminaryResults command, IDocumentSession session, TimeProvider clock)
    {
        if ((await session.BlocksAsync()).RefuseUnlessDefined("block", block) is { } badBlock) return Problems.For(badBlock);
        var stream = await session.Events.FetchForWriting<ResultsRound>(ResultsRound.StreamKey(year, block));
        var decision = ResultsRoundDecisions.IssuePreliminary(stream.Aggregate, year, block, await session.AdoptedSetAsync(year, block), command, clock.GetUtcNow());
        if (decision.Refusal is { } refusal) return Problems.For(refusal);

        stream.AppendMany(decision.Events.ToArray());
        await session.SaveChangesAsync();
        var round = decision.Events.Aggregate(stream.Aggregate, ResultsRound.Evolve)!;
        return Results.Created($"/api/years/{year}/rankings/{block}/preliminary", round);
    }
}
