using CchcLedger.Api.Evidence;
using CchcLedger.Api.Hosting;
using CchcLedger.Domain.Scorecards;
using Marten;
using Wolverine.Http;

namespace CchcLedger.Api.Scorecards;

public static class EnterSelfScoresEndpoint
{
    /// <summary>The agency's self-scores of many leaves (and, with <c>submit</c>, the submission) in one request: all land, or none.</summary>
    [Api("Tự chấm nhiều tiêu chí (và nộp) trong một lần gửi", "Enter many self-scores (and submit) in one request")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<ScorecardView>(200)]
    [Refuses(400, 404, 409)]
    [Versioned]
    [WolverinePost("/api/years/{year}/scorecards/{agency}/self-scores/batch")]
    public static async Task<IResult> Post(int year, string agency, EnterSelfScores command, IDocumentSession session, EvidenceCatalog evidence, HttpContext http)
    {
        if (Batches.Check(command.Items) is { } bad) return Problems.For(bad);
        var uploads = await evidence.UploadsOfAsync(command.Items!.SelectMany(i => i!.Evidence ?? []));
        var steps = command.Items!.Select(item => (ScorecardStep)((card, rules) => ScorecardDecisions.EnterSelfScore(card, rules, item!, uploads))).ToList();
        if (command.Submit == true) steps.Add(ScorecardDecisions.Submit);
        return await ScorecardWrites.ExecuteBatchAsync(session, year, agency, steps, http,
            (i, refusal) => i < command.Items!.Count ? refusal.OfItem(i) : refusal with { Field = "submit" });
    }
}
