using CchcLedger.Api.Hosting;
using CchcLedger.Domain.Scorecards;
using Marten;
using Wolverine.Http;

namespace CchcLedger.Api.Scorecards;

public static class SubmitSelfAssessmentEndpoint
{
    [Api("Nộp kết quả tự chấm", "Submit the self-assessment")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<ScorecardView>(200)]
    [Refuses(400, 404, 409)]
    [Versioned]
    [WolverinePost("/api/years/{year}/scorecards/{agency}/submission")]
    public static Task<IResult> Post(int year, string agency, IDocumentSession session, HttpContext http) =>
        ScorecardWrites.ExecuteAsync(session, year, agency, ScorecardDecisions.Submit, http);
}
