using CchcLedger.Api.Evidence;
using CchcLedger.Api.Hosting;
using CchcLedger.Domain.Scorecards;
using Marten;
using Wolverine.Http;

namespace CchcLedger.Api.Scorecards;

public static class RecordAppraisalsEndpoint
{
    /// <summary>The council's appraisal of many leaves of one scorecard in one request: all land, or none.</summary>
    [Api("Thẩm định nhiều tiêu chí trong một lần gửi", "Record the appraisal of many criteria in one request")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<ScorecardView>(200)]
    [Refuses(400, 404, 409)]
    [Versioned]
    [WolverinePost("/api/years/{year}/scorecards/{agency}/appraisals/batch")]
    public static async Task<IResult> Post(int year, string agency, RecordAppraisals command, IDocumentSession session, EvidenceCatalog evidence, HttpContext http)
    {
        if (Batches.Check(command.Items) is { } bad) return Problems.For(bad);
        var uploads = await evidence.UploadsOfAsync(command.Items!.SelectMany(i => i!.Evidence ?? []));
        return await ScorecardWrites.ExecuteBatchAsync(session, year, agency,
            command.Items!.Select(item => (ScorecardStep)((card, rules) => ScorecardDecisions.RecordAppraisal(card, rules, item!, uploads))).ToList(), http,
            (i, refusal) => refusal.OfItem(i));
    }
}
