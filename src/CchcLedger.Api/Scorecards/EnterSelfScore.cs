using CchcLedger.Domain.Scorecards;
using Marten;
using Wolverine.Http;

namespace CchcLedger.Api.Scorecards;

public static class EnterSelfScoreEndpoint
{
    [WolverinePost("/api/years/{year}/scorecards/{agency}/self-scores")]
    public static Task<IResult> Post(int year, string agency, EnterSelfScore command, IDocumentSession session, HttpContext http) =>
        ScorecardWrites.ExecuteAsync(session, year, agency, (card, rules) => ScorecardDecisions.EnterSelfScore(card, rules, command), http);
}
