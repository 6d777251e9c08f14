using CchcLedger.Domain.Scorecards;
using Marten;
using Wolverine.Http;

namespace CchcLedger.Api.Scorecards;

public static class RecordAppraisalEndpoint
{
    [WolverinePost("/api/years/{year}/scorecards/{agency}/appraisals")]
    public static Task<IResult> Post(int year, string agency, RecordAppraisal command, IDocumentSession session, HttpContext http) =>
        ScorecardWrites.ExecuteAsync(session, year, agency, (card, rules) => ScorecardDecisions.RecordAppraisal(card, rules, command), http);
}
