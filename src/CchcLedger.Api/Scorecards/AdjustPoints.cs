using CchcLedger.Domain.Scorecards;
using Marten;
using Wolverine.Http;

namespace CchcLedger.Api.Scorecards;

public static class AdjustPointsEndpoint
{
    [WolverinePost("/api/years/{year}/scorecards/{agency}/adjustments")]
    public static Task<IResult> Post(int year, string agency, AdjustPoints command, IDocumentSession session, HttpContext http) =>
        ScorecardWrites.ExecuteAsync(session, year, agency, (card, rules) => ScorecardDecisions.AdjustPoints(card, rules, command), http);
}
