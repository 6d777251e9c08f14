using CchcLedger.Api.Evidence;
using CchcLedger.Api.Hosting;
using CchcLedger.Api.Scorecards;
using CchcLedger.Domain.Appeals;
using CchcLedger.Projections;
using Marten;
using Wolverine.Http;

namespace CchcLedger.Api.Appeals;

public static class DecideAppealEndpoint
{
    /// <summary>The council's decision, with its vote; an upheld or partly upheld appeal changes the leaf at once.</summary>
    [Api("Hội đồng quyết định kiến nghị", "The council decides an appeal")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<AppealOutcome>(200)]
    [Refuses(400, 404, 409)]
    [Versioned]
    [WolverinePost("/api/appeals/{appealId}/decision")]
    public static async Task<IResult> Post(string appealId, DecideAppeal command, IDocumentSession session, EvidenceCatalog evidence, HttpContext http)
    {
        var uploads = await evidence.UploadsOfAsync(command.Evidence);
        return await AppealOutcome.ExecuteAsync(session, appealId, card => AppealDecisions.Decide(card, appealId, command, uploads), http);
    }
}

/// <summary>The appeal after a decision or a withdrawal, and the scorecard it belongs to.</summary>
public sealed record AppealOutcome(Domain.Scorecards.AppealState Appeal, ScorecardView Scorecard)
{
    /// <summary>A step in an existing appeal's life, written to the scorecard stream it lives on.</summary>
    /// <remarks>An appeal lives on its scorecard's stream: <c>If-Match</c> and the ETag are the scorecard's version.</remarks>
    public static async Task<IResult> ExecuteAsync(IDocumentSession session, string appealId, Func<Domain.Scorecards.Scorecard, Domain.Decision> decide, HttpContext http)
    {
        var (expected, badHeader) = Versions.Expected(http);
        if (badHeader is not null) return Problems.For(badHeader);
        if (await session.LoadAsync<AppealView>(appealId) is not { } appeal)
            return Problems.Make(404, "Not found", "appealId", AccessControl.NoSuchAppeal(appealId));
        var outcome = await ScorecardWrites.ApplyAsync(session, appeal.Year, appeal.Agency, [(card, _) => decide(card)], openIfMissing: false, expectedVersion: expected);
        if (outcome.Refusal is { } refusal) return Problems.For(refusal);
        Versions.Tag(http, outcome.Version);
        return Results.Ok(new AppealOutcome(outcome.Card!.Appeal(appealId)!, ScorecardView.Of(outcome.Card!, outcome.Set!, outcome.Agency)));
    }
}

public static class WithdrawAppealEndpoint
{
    /// <summary>The agency withdraws its appeal before the council decides.</summary>
    [Api("Rút kiến nghị", "Withdraw an appeal")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<AppealOutcome>(200)]
    [Refuses(400, 404, 409)]
    [Versioned]
    [WolverinePost("/api/appeals/{appealId}/withdrawal")]
    public static Task<IResult> Post(string appealId, WithdrawAppeal command, IDocumentSession session, HttpContext http) =>
        AppealOutcome.ExecuteAsync(session, appealId, card => AppealDecisions.Withdraw(card, appealId, command), http);
}
