using CchcLedger.Api.Evidence;
using CchcLedger.Api.Hosting;
using CchcLedger.Domain.Scorecards;
using Marten;
using Wolverine.Http;

namespace CchcLedger.Api.Scorecards;

public static class AdjustPointsBatchEndpoint
{
    /// <summary>Adjustments of many leaves of one scorecard (one decision's changes) in one request: all land, or none.</summary>
    [Api("Điều chỉnh điểm nhiều tiêu chí trong một lần gửi", "Adjust the points of many criteria in one request")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<ScorecardView>(200)]
    [Refuses(400, 404, 409)]
    [Versioned]
    [WolverinePost("/api/years/{year}/scorecards/{agency}/adjustments/batch")]
    public static async Task<IResult> Post(int year, string agency, AdjustPointsBatch command, IDocumentSession session, EvidenceCatalog evidence, HttpContext http)
    {
        if (Batches.Check(command.Items) is { } bad) return Problems.For(bad);
        var uploads = await evidence.UploadsOfAsync(command.Items!.SelectMany(i => i!.Evidence ?? []));
        return await ScorecardWrites.ExecuteBatchAsync(session, year, agency,
            command.Items!.Select(item => (ScorecardStep)((card, rules) => ScorecardDecisions.AdjustPoints(card, rules, item!, uploads))).ToList(), http,
            (i, refusal) => refusal.OfItem(i));
    }
}
