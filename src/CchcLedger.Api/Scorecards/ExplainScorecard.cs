using CchcLedger.Api.Hosting;
using CchcLedger.Domain;
using CchcLedger.Domain.Scoring;
using CchcLedger.Projections;
using Marten;
using Wolverine.Http;

namespace CchcLedger.Api.Scorecards;

/// <summary>Why one agency's score moved between two instants: the events in (from, to] and its standing at both ends.</summary>
public sealed record ScorecardExplanation(int Year, string Agency, string Name, string Block, Standing From, Standing To, IReadOnlyList<ExplainedEvent> Events)
{
    public static async Task<(ScorecardExplanation? View, Refusal? Refusal)> LoadAsync(IQuerySession session, int year, string agency, Cut from, Cut to, CancellationToken ct = default)
    {
        var card = await History.ScorecardAsync(session, year, agency, to, ct);
        if (card is null)
            return (null, await session.AgencyAsync(agency, ct) is null
                ? Refusal.NotFound("agency", $"agency '{agency}' is not registered")
                : Refusal.NotFound("to", $"as of {to.Instant:O} agency '{agency}' had no scorecard for {year} yet"));

        var (rankFrom, rankTo) = await Explain.RankingsAsync(session, year, card.Block, from, to, ct);
        var name = (await History.AgencyAsync(session, agency, to, ct))?.Name ?? agency;
        var events = await Explain.EventsAsync(session, year, agency, from, to, null, ct);
        return (new ScorecardExplanation(year, agency, name, card.Block,
            Standing.Of(from.Instant, rankFrom?.Entries.FirstOrDefault(e => e.Agency == agency)),
            Standing.Of(to.Instant, rankTo?.Entries.FirstOrDefault(e => e.Agency == agency)),
            events), null);
    }
}

public static class ExplainScorecardEndpoint
{
    [Api("Giải trình thay đổi điểm trong một khoảng thời gian", "Explain a scorecard's changes over a period")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<ScorecardExplanation>(200)]
    [Refuses(400, 404)]
    [WolverineGet("/api/years/{year}/scorecards/{agency}/explain")]
    public static async Task<IResult> Get(int year, string agency, DateTimeOffset? from, DateTimeOffset? to, string? axis, IQuerySession session, TimeProvider clock)
    {
        var (on, badAxis) = History.Axis(axis);
        if (badAxis is not null) return Problems.For(badAxis);
        if (Explain.CheckPeriod(from, to, clock) is { } bad) return Problems.For(bad);
        var (view, refusal) = await ScorecardExplanation.LoadAsync(session, year, agency, new Cut(from!.Value, on), new Cut(to!.Value, on));
        return refusal is not null ? Problems.For(refusal) : Results.Ok(view);
    }
}
