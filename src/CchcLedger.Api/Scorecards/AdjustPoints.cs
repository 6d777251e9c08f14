using CchcLedger.Api.Evidence;
using CchcLedger.Domain.Scorecards;
using Marten;
using Wolverine.Http;

namespace CchcLedger.Api.Scorecards;

public static class AdjustPointsEndpoint
{
    [WolverinePost("/api/years/{year}/scorecards/{agency}/adjustments")]
    public static async Task<IResult> Post(int year, string agency, AdjustPoints command, IDocumentSession session, EvidenceCatalog evidence, HttpContext http)
    {
        var uploads = await evidence.UploadsOfAsync(command.Evidence);
        return await ScorecardWrites.ExecuteAsync(session, year, agency, (card, rules) => ScorecardDecisions.AdjustPoints(card, rules, command, uploads), http);
    }
}
