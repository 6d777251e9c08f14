using CchcLedger.Api.Evidence;
using CchcLedger.Api.Hosting;
using CchcLedger.Api.Scorecards;
using CchcLedger.Domain.Appeals;
using Marten;
using Wolverine.Http;

namespace CchcLedger.Api.Appeals;

/// <summary>An appeal as filed: its id (for <c>/api/appeals/{appealId}</c>), the leaf, the points it contests and those it asks for.</summary>
public sealed record FiledAppeal(string AppealId, string Criterion, int Round, decimal CurrentPoints, decimal RequestedPoints, string State);

public static class FileAppealEndpoint
{
    /// <summary>An agency contests one leaf of its preliminary results while the window is open.</summary>
    [Api("Gửi kiến nghị", "File an appeal")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<FiledAppeal>(201)]
    [Refuses(400, 404, 409)]
    [Versioned]
    [WolverinePost("/api/years/{year}/scorecards/{agency}/appeals")]
    public static async Task<IResult> Post(int year, string agency, FileAppeal command, IDocumentSession session, TimeProvider clock, EvidenceCatalog evidence, HttpContext http)
    {
        var (expected, badHeader) = Versions.Expected(http);
        if (badHeader is not null) return Problems.For(badHeader);
        var card = await session.ScorecardAsync(year, agency);
        var round = card is null ? null : await session.LoadAsync<ResultsRound>(ResultsRound.StreamKey(year, card.Block));
        var now = clock.GetUtcNow();
        var uploads = await evidence.UploadsOfAsync(command.Evidence);
        var outcome = await ScorecardWrites.ApplyAsync(session, year, agency, [(c, rules) => AppealDecisions.File(c, rules, round, command, now, uploads)], openIfMissing: false,
            expectedVersion: expected);
        if (outcome.Refusal is not null) return ScorecardWrites.Answer(outcome, http);
        Versions.Tag(http, outcome.Version);

        var filed = outcome.Card!.Appeals!.Values.MaxBy(a => int.Parse(a.Id[(a.Id.LastIndexOf('-') + 1)..]))!;
        return Results.Created($"/api/appeals/{filed.Id}", new FiledAppeal(filed.Id, filed.Criterion, filed.Round, filed.CurrentPoints, filed.RequestedPoints, filed.State));
    }
}
