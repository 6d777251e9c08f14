using CchcLedger.Api.Hosting;
using CchcLedger.Api.Evidence;
using CchcLedger.Domain.Scorecards;
using Marten;
using Wolverine.Http;

namespace CchcLedger.Api.Scorecards;

public static class AdjustPointsEndpoint
{
    [Api("Điều chỉnh điểm theo quyết định", "Adjust points by a decision")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<ScorecardView>(200)]
    [Refuses(400, 404, 409)]
    [Versioned]
    [WolverinePost("/api/years/{year}/scorecards/{agency}/adjustments")]
    public static async Task<IResult> Post(int year, string agency, AdjustPoints command, IDocumentSession session, EvidenceCatalog evidence, HttpContext http)
    {
        var uploads = await evidence.UploadsOfAsync(command.Evidence);
        return await ScorecardWrites.ExecuteAsync(session, year, agency, (card, rules) => ScorecardDecisions.AdjustPoints(card, rules, command, uploads), http);
    }
}
