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
    [WolverineGet("/api/years/{year}/scorecards/{agency}")]
    public static async Task<IResult> Get(int year, string agency, DateTimeOffset? asOf, IQuerySession session, TimeProvider clock, HttpContext http)
    {
        if (History.Check(asOf, clock) is { } future) return Problems.For(future);
        Cut? cut = asOf is { } t ? new Cut(t) : null;
        if (await session.AgencyAsync(agency) is null)
            return Problems.Make(404, "Not found", "agency", $"agency '{agency}' is not registered");
        if (await History.ScorecardAsync(session, year, agency, cut) is not { } card)
            return Problems.Make(404, "Not found", asOf is null ? "year" : "asOf", asOf is null
                ? $"agency '{agency}' has no scorecard for {year}"
                : $"as of {asOf:O} agency '{agency}' had no scorecard for {year} yet");
        if (cut is null && await session.Events.FetchStreamStateAsync(Domain.Scorecards.Scorecard.StreamKey(year, agency)) is { } state) Versions.Tag(http, state.Version);
        var set = await History.CriteriaSetAsync(session, card.CriteriaSetId, cut);
        return Results.Ok(ScorecardView.Of(card, set!, await History.AgencyAsync(session, agency, cut), asOf));
    }
}
