using CchcLedger.Api.Rankings;
using CchcLedger.Domain;
using CchcLedger.Domain.Criteria;
using CchcLedger.Domain.Scorecards;
using CchcLedger.Domain.Scoring;
using CchcLedger.Projections;
using Marten;

namespace CchcLedger.Api;

/// <summary>An agency's place at one instant; all null when it had no scorecard then.</summary>
public sealed record Standing(DateTimeOffset At, decimal? Total, decimal? Index, string? Classification, int? Rank)
{
    public static Standing Of(DateTimeOffset at, RankedEntry? entry) => new(at, entry?.Total, entry?.Index, entry?.Classification, entry?.Rank);
}

/// <summary>What changed between two instants, <c>(from, to]</c>, for one agency or a whole block.</summary>
public static class Explain
{
    public static Refusal? CheckPeriod(DateTimeOffset? from, DateTimeOffset? to, TimeProvider clock)
    {
        if (from is null) return Refusal.Invalid("from", "is required: the instant to explain from");
        if (to is null) return Refusal.Invalid("to", "is required: the instant to explain up to");
        if (History.Check(from, clock, "from") is { } badFrom) return badFrom;
        if (History.Check(to, clock, "to") is { } badTo) return badTo;
        return new Cut(from.Value).Bound >= new Cut(to.Value).Bound ? Refusal.Invalid("to", "must be later than 'from' (by at least a millisecond)") : null;
    }

    /// <summary>
    /// The scorecard's events in (from, to], each with the leaf it moved and the running total, under the rules at <c>to</c>:
    /// <paramref name="set"/> when the caller has it already (a block's agencies share one), else the scorecard's set at <c>to</c>.
    /// </summary>
    public static async Task<IReadOnlyList<ExplainedEvent>> EventsAsync(IQuerySession session, int year, string agency, Cut from, Cut to, CriteriaSet? set, CancellationToken ct)
    {
        var events = await History.StreamAsync(session, Scorecard.StreamKey(year, agency), to, ct);
        if (events.FirstOrDefault()?.Data is not ScorecardOpened opened) return [];
        set ??= await History.CriteriaSetAsync(session, opened.CriteriaSetId, to, ct);
        return Explanation.Explain(set!.Rules, events.Where(e => from.Holds(e.RecordedAt)), events.Where(e => !from.Holds(e.RecordedAt)));
    }

    public static async Task<(BlockRanking? From, BlockRanking? To)> RankingsAsync(IQuerySession session, int year, string block, Cut from, Cut to, CancellationToken ct) =>
        (await BlockRanking.LoadAsync(session, year, block, from, ct), await BlockRanking.LoadAsync(session, year, block, to, ct));
}
