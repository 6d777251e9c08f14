using CchcLedger.Domain.Scorecards;
using Marten;
using Wolverine.Http;

namespace CchcLedger.Api.Scorecards;

public static class SubmitSelfAssessmentEndpoint
{
    [WolverinePost("/api/years/{year}/scorecards/{agency}/submission")]
    public static Task<IResult> Post(int year, string agency, IDocumentSession session, HttpContext http) =>
        ScorecardWrites.ExecuteAsync(session, year, agency, ScorecardDecisions.Submit, http);
}
