using CchcLedger.Api.Hosting;
using CchcLedger.Api.Scorecards;
using CchcLedger.Domain;
using CchcLedger.Domain.Criteria;
using CchcLedger.Domain.Scoring;
using CchcLedger.Projections;
using Marten;
using Wolverine.Http;

namespace CchcLedger.Api.Rankings;

/// <summary>
/// How an agency's place changed: <c>ownScore</c> (its own events moved its total), <c>othersMoved</c> (its total
/// stayed; its rank moved because other agencies moved), <c>entered</c> (no scorecard at <c>from</c>).
/// </summary>
public sealed record AgencyChange(string Agency, string Name, string Cause, Standing From, Standing To, IReadOnlyList<ExplainedEvent> Events);

public sealed record RankingExplanation(int Year, string Block, DateTimeOffset From, DateTimeOffset To, SetRef CriteriaSet, IReadOnlyList<AgencyChange> Changes)
{
    public static async Task<(RankingExplanation? View, Refusal? Refusal)> LoadAsync(IQuerySession session, int year, string block, Cut from, Cut to, CancellationToken ct = default)
    {
        if ((await session.BlocksAsync(ct)).RefuseUnlessDefined("block", block) is { } badBlock) return (null, badBlock);
        // Once here, for the two rankings, the set and the events below (a cut already recorded is not asked again).
        (from, to) = (await InForce.NarrowAsync(session, from, ct), await InForce.NarrowAsync(session, to, ct));
        var (before, after) = await Explain.RankingsAsync(session, year, block, from, to, ct);
        if (after is null) return (null, Refusal.NotFound("to", $"as of {to.Instant:O} no criteria set had been adopted for {year} and block '{block}'"));

        var set = await History.CriteriaSetAsync(session, after.CriteriaSet.Id, to, ct); // the block's agencies all score under it
        var was = before?.Entries.ToDictionary(e => e.Agency) ?? [];
        var changed = new List<(RankedEntry Now, RankedEntry? Then, string Cause)>();
        foreach (var now in after.Entries)
        {
            var then = was.GetValueOrDefault(now.Agency);
            if (then is not null && then.Total == now.Total && then.Rank == now.Rank && then.Classification == now.Classification) continue;
            changed.Add((now, then, then is null ? "entered" : then.Total != now.Total ? "ownScore" : "othersMoved"));
        }
        // The events of every agency whose own points moved, read together.
        var events = await Explain.EventsAsync(session, year, changed.Where(c => c.Cause != "othersMoved").Select(c => c.Now.Agency).ToList(), from, to, set!, ct);
        var changes = changed.Select(c => new AgencyChange(c.Now.Agency, c.Now.Name, c.Cause, Standing.Of(from.Instant, c.Then), Standing.Of(to.Instant, c.Now),
            events.GetValueOrDefault(c.Now.Agency) ?? [])).ToList();
        return (new RankingExplanation(year, block, from.Instant, to.Instant, after.CriteriaSet, changes), null);
    }
}

public static class ExplainRankingEndpoint
{
    [Api("Giải trình thay đổi xếp hạng", "Explain a ranking's changes over a period")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<RankingExplanation>(200)]
    [Refuses(400, 404)]
    [WolverineGet("/api/years/{year}/rankings/{block}/explain")]
    public static async Task<IResult> Get(int year, string block, DateTimeOffset? from, DateTimeOffset? to, string? axis, IQuerySession session, TimeProvider clock)
    {
        var (on, badAxis) = History.Axis(axis);
        if (badAxis is not null) return Problems.For(badAxis);
        if (Explain.CheckPeriod(from, to, clock) is { } bad) return Problems.For(bad);
        var (view, refusal) = await RankingExplanation.LoadAsync(session, year, block, new Cut(from!.Value, on), new Cut(to!.Value, on));
        return refusal is not null ? Problems.For(refusal) : Results.Ok(view);
    }
}
