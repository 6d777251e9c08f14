using CchcLedger.Api.Hosting;
using CchcLedger.Domain.Scorecards;
using Marten;
using Wolverine.Http;

namespace CchcLedger.Api.Scorecards;

public static class EnterSurveyPointsEndpoint
{
    [Api("Nhập điểm điều tra xã hội học", "Enter survey points")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<ScorecardView>(200)]
    [Refuses(400, 404, 409)]
    [Versioned]
    [WolverinePost("/api/years/{year}/scorecards/{agency}/survey-scores")]
    public static Task<IResult> Post(int year, string agency, EnterSurveyPoints command, IDocumentSession session, HttpContext http) =>
        ScorecardWrites.ExecuteAsync(session, year, agency, (card, rules) => ScorecardDecisions.EnterSurveyPoints(card, rules, command), http);
}
