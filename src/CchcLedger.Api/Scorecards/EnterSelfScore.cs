using CchcLedger.Api.Evidence;
using CchcLedger.Domain.Scorecards;
using Marten;
using Wolverine.Http;

namespace CchcLedger.Api.Scorecards;

public static class EnterSelfScoreEndpoint
{
    [WolverinePost("/api/years/{year}/scorecards/{agency}/self-scores")]
    public static async Task<IResult> Post(int year, string agency, EnterSelfScore command, IDocumentSession session, EvidenceCatalog evidence, HttpContext http)
    {
        var uploads = await evidence.UploadsOfAsync(command.Evidence);
        return await ScorecardWrites.ExecuteAsync(session, year, agency, (card, rules) => ScorecardDecisions.EnterSelfScore(card, rules, command, uploads), http);
    }
}
