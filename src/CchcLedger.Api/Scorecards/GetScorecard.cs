using CchcLedger.Api.Hosting;
using CchcLedger.Domain.Agencies;
using CchcLedger.Domain.Criteria;
using CchcLedger.Domain.Scorecards;
using Marten;
using Wolverine.Http;

namespace CchcLedger.Api.Scorecards;

public static class GetScorecardEndpoint
{
    [WolverineGet("/api/years/{year}/scorecards/{agency}")]
    public static async Task<IResult> Get(int year, string agency, IQuerySession session)
    {
        if (await session.AgencyAsync(agency) is not { } found)
            return Problems.Make(404, "Not found", "agency", $"agency '{agency}' is not registered");
        if (await session.ScorecardAsync(year, agency) is not { } card)
            return Problems.Make(404, "Not found", "year", $"agency '{agency}' has no scorecard for {year}");
        var set = await session.CriteriaSetAsync(card.CriteriaSetId);
        return Results.Ok(ScorecardView.Of(card, set!, found));
    }
}
