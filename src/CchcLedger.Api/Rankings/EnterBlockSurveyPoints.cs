using CchcLedger.Api.Hosting;
using CchcLedger.Api.Scorecards;
using CchcLedger.Domain;
using CchcLedger.Domain.Scorecards;
using Marten;
using Wolverine.Http;

namespace CchcLedger.Api.Rankings;

/// <summary>What a block's survey batch wrote: how many scorecards and entries.</summary>
public sealed record BlockBatchWritten(int Year, string Block, int Scorecards, int Entries);

public static class EnterBlockSurveyPointsEndpoint
{
    /// <summary>
    /// The survey team's points for every agency of a block in one request, in one commit: each agency's items go through
    /// the same decision as <c>…/survey-scores</c>; one refused item (named <c>items[i].field</c>) and nothing is written.
    /// </summary>
    [Api("Nhập điểm điều tra XHH của cả khối trong một lần gửi", "Enter a whole block's survey points in one request")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<BlockBatchWritten>(200)]
    [Refuses(400, 404, 409)]
    [WolverinePost("/api/years/{year}/rankings/{block}/survey-scores")]
    public static async Task<IResult> Post(int year, string block, EnterBlockSurveyPoints command, IDocumentSession session)
    {
        if ((await session.BlocksAsync()).RefuseUnlessDefined("block", block) is { } badBlock) return Problems.For(badBlock);
        if (Batches.Check(command.Items) is { } bad) return Problems.For(bad);
        var items = command.Items!.Select(item => item!).ToList();
        var (refusals, scorecards) = await PrepareAsync(session, year, block, items);
        if (refusals.Count > 0) return Problems.ForAll(refusals.OrderBy(r => r.Field, StringComparer.Ordinal).ToList());

        await session.SaveChangesAsync();
        return Results.Ok(new BlockBatchWritten(year, block, scorecards, items.Count));
    }

    /// <summary>
    /// Appends each agency's survey points to <paramref name="session"/> without saving it (the caller commits them all,
    /// or nothing): each agency's items go through the same decision as <c>…/survey-scores</c>. Returns every refusal,
    /// each naming its item (<c>items[i].field</c>), and how many scorecards the items touch. With
    /// <paramref name="seenVersions"/>, a scorecard that has moved on since that version refuses its items (the page's preview).
    /// </summary>
    public static async Task<(List<Refusal> Refusals, int Scorecards)> PrepareAsync(IDocumentSession session, int year, string block,
        IReadOnlyList<BlockSurveyItem> items, IReadOnlyDictionary<string, long>? seenVersions = null)
    {
        var refusals = new List<Refusal>();
        var indexed = items.Select((item, index) => (Item: item, Index: index)).ToList();
        foreach (var missing in indexed.Where(x => string.IsNullOrWhiteSpace(x.Item.Agency)))
            refusals.Add(Refusal.Invalid("agency", "is required: the agency whose scorecard the points are for").OfItem(missing.Index));
        var groups = indexed.Where(x => !string.IsNullOrWhiteSpace(x.Item.Agency)).GroupBy(x => x.Item.Agency!).ToList();
        foreach (var group in groups)
        {
            var of = group.ToList();
            var agency = await session.AgencyAsync(group.Key);
            if (agency is not null && agency.Block != block)
            {
                refusals.AddRange(of.Select(x => Refusal.Invalid("agency", $"agency '{group.Key}' is in block '{agency.Block}', not '{block}'").OfItem(x.Index)));
                continue;
            }
            var outcome = await ScorecardWrites.PrepareAsync(session, year, group.Key,
                of.Select(x => (ScorecardStep)((card, rules) => ScorecardDecisions.EnterSurveyPoints(card, rules, new EnterSurveyPoints(x.Item.Criterion, x.Item.Points, x.Item.Source)))),
                expectedVersion: seenVersions is not null && seenVersions.TryGetValue(group.Key, out var seen) ? seen : null, itemized: (i, refusal) => refusal.OfItem(of[i].Index));
            // A refusal before any item was decided (an unknown agency, no adopted set, a version moved on) is every item's.
            if (outcome.Refusals is { } itemRefusals) refusals.AddRange(itemRefusals);
            else if (outcome.Refusal is { } whole) refusals.AddRange(of.Select(x => whole.OfItem(x.Index)));
        }
        return (refusals, groups.Count);
    }
}
