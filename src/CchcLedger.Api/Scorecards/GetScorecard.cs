using CchcLedger.Api.Hosting;
using CchcLedger.Projections;
using Marten;
using Wolverine.Http;

namespace CchcLedger.Api.Scorecards;

public static class GetScorecardEndpoint
{
    /// <summary>
    /// The scorecard now, or <c>?asOf=</c> as recorded at that instant, under the rules then in force. The current
    /// scorecard carries its stream version as <c>ETag</c>, for a later write's <c>If-Match</c>.
    /// </summary>
    [Api("Xem phiếu chấm điểm", "Read a scorecard")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<ScorecardView>(200)]
    [Refuses(400, 404)]
    [Versioned]
    [WolverineGet("/api/years/{year}/scorecards/{agency}")]
    public static async Task<IResult> Get(int year, string agency, DateTimeOffset? asOf, string? axis, IQuerySession session, TimeProvider clock, HttpContext http)
    {
        var (cut, badCut) = History.CutOf(asOf, axis, clock);
        if (badCut is not null) return Problems.For(badCut);
        var (view, refusal) = await ScorecardView.LoadAsync(session, year, agency, cut);
        if (refusal is not null) return Problems.For(refusal);
        if (cut is null && await session.Events.FetchStreamStateAsync(Domain.Scorecards.Scorecard.StreamKey(year, agency)) is { } state) Versions.Tag(http, state.Version);
        return Results.Ok(view);
    }
}
