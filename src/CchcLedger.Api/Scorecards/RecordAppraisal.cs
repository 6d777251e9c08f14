using CchcLedger.Api.Hosting;
using CchcLedger.Api.Evidence;
using CchcLedger.Domain.Scorecards;
using Marten;
using Wolverine.Http;

namespace CchcLedger.Api.Scorecards;

public static class RecordAppraisalEndpoint
{
    [Api("Thẩm định một tiêu chí", "Record an appraisal of a criterion")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<ScorecardView>(200)]
    [Refuses(400, 404, 409)]
    [Versioned]
    [WolverinePost("/api/years/{year}/scorecards/{agency}/appraisals")]
    public static async Task<IResult> Post(int year, string agency, RecordAppraisal command, IDocumentSession session, EvidenceCatalog evidence, HttpContext http)
    {
        var uploads = await evidence.UploadsOfAsync(command.Evidence);
        return await ScorecardWrites.ExecuteAsync(session, year, agency, (card, rules) => ScorecardDecisions.RecordAppraisal(card, rules, command, uploads), http);
    }
}
