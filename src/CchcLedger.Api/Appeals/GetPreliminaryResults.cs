using CchcLedger.Api.Hosting;
using CchcLedger.Api.Rankings;
using CchcLedger.Domain.Appeals;
using CchcLedger.Projections;
using Marten;
using Wolverine.Http;

namespace CchcLedger.Api.Appeals;

/// <summary>The latest round of preliminary results: its window, and the ranking as it was when the results went out.</summary>
public sealed record PreliminaryResults(int Round, DateTimeOffset IssuedAt, DateTimeOffset WindowEnds, bool WindowOpen, BlockRanking Ranking);

public static class GetPreliminaryResultsEndpoint
{
    [Api("Kết quả sơ bộ", "The preliminary results")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<PreliminaryResults>(200)]
    [Refuses(404)]
    [WolverineGet("/api/years/{year}/rankings/{block}/preliminary")]
    public static async Task<IResult> Get(int year, string block, IQuerySession session, TimeProvider clock)
    {
        if (await session.LoadAsync<ResultsRound>(ResultsRound.StreamKey(year, block)) is not { IssuedAt: { } issuedAt, WindowEnds: { } windowEnds } round)
            return Problems.Make(404, "Not found", "block", $"no preliminary results have been issued for {year} and block '{block}'");
        var ranking = await BlockRanking.LoadAsync(session, year, block, new Cut(issuedAt));
        return Results.Ok(new PreliminaryResults(round.Round, issuedAt, windowEnds, round.WindowOpenAt(clock.GetUtcNow()), ranking!));
    }
}
