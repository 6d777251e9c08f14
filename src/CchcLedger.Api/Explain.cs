using CchcLedger.Api.Rankings;
using CchcLedger.Domain;
using CchcLedger.Domain.Criteria;
using CchcLedger.Domain.Scorecards;
using CchcLedger.Domain.Scoring;
using CchcLedger.Projections;
using System.Linq.Expressions;
using JasperFx.Events;
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
        if (set is null)
        {
            if (await session.ScorecardAsync(year, agency, ct) is not { } card) return [];
            set = await History.CriteriaSetAsync(session, card.CriteriaSetId, to, ct);
            if (set is null) return [];
        }
        return (await EventsAsync(session, year, [agency], from, to, set, ct)).GetValueOrDefault(agency) ?? [];
    }

    /// <summary>
    /// The events in (from, to] of several agencies' scorecards under one set's rules at <c>to</c>, explained as
    /// <see cref="Explanation.Explain(CriteriaRules, Scorecard?, IEnumerable{RecordedEvent}, IEnumerable{RecordedEvent})"/>
    /// does. Each scorecard starts from its snapshot valid at <c>from</c> (see <see cref="ScorecardSnapshot"/>), and only
    /// the events after it are read, for all of them in one query (one more for scorecards with no snapshot yet).
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, IReadOnlyList<ExplainedEvent>>> EventsAsync(IQuerySession session, int year, IReadOnlyCollection<string> agencies,
        Cut from, Cut to, CriteriaSet set, CancellationToken ct)
    {
        var ids = agencies.ToDictionary(a => Scorecard.StreamKey(year, a));
        (from, to) = (await InForce.NarrowAsync(session, from, ct), await InForce.NarrowAsync(session, to, ct));
        // A snapshot inside the cut at `from`, on its axis: recorded before it, or whose last event had taken effect before it.
        var snapshots = from.Effective ? await InForce.SnapshotsAsync(session, ids.Keys, from, ct) : await ScoreHistory.SnapshotsAtAsync(session, ids.Keys, from.Bound, ct);
        IReadOnlyDictionary<string, IReadOnlyList<RecordedEvent>> byStream;
        if (to.Effective)
            byStream = await InForce.EventsAfterAsync(session, ids.Keys.ToDictionary(k => k, k => snapshots.GetValueOrDefault(k)?.Version ?? 0L), to, ct);
        else
        {
            var events = new List<IEvent>();
            if (snapshots.Count > 0)
                events.AddRange(await session.Events.QueryAllRawEvents().Where(AfterSnapshots(snapshots.Values, to)).ToListAsync(ct));
            var whole = ids.Keys.Where(k => !snapshots.ContainsKey(k)).ToArray();
            if (whole.Length > 0)
                events.AddRange(await session.Events.QueryAllRawEvents().Where(e => e.StreamKey.IsOneOf(whole) && e.Timestamp <= to.Last).ToListAsync(ct));
            byStream = events.GroupBy(e => e.StreamKey!).ToDictionary(g => g.Key, g => (IReadOnlyList<RecordedEvent>)g.OrderBy(e => e.Sequence).Select(History.Recorded).ToList());
        }
        var explained = new Dictionary<string, IReadOnlyList<ExplainedEvent>>();
        foreach (var (key, agency) in ids)
        {
            var snapshot = snapshots.GetValueOrDefault(key);
            var stream = (byStream.GetValueOrDefault(key) ?? []).Where(e => snapshot is null || e.Version > snapshot.Version).ToList();
            if (snapshot is null && stream.FirstOrDefault()?.Data is not ScorecardOpened) { explained[agency] = []; continue; }
            explained[agency] = Explanation.Explain(set.Rules, snapshot?.Card(), stream.Where(e => from.Holds(e.RecordedAt, e.EffectiveAt)),
                stream.Where(e => !from.Holds(e.RecordedAt, e.EffectiveAt)));
        }
        return explained;
    }

    /// <summary>
    /// The events of each snapshotted scorecard after its snapshot's version and up to the cut, as one condition,
    /// <c>(stream = k1 and version > v1) or (stream = k2 and version > v2) …</c>, which the primary key on
    /// (stream, version) answers without reading the events a snapshot already holds.
    /// </summary>
    public static Expression<Func<IEvent, bool>> AfterSnapshots(IEnumerable<ScorecardSnapshot> snapshots, Cut to)
    {
        var e = Expression.Parameter(typeof(IEvent), "e");
        var stream = Expression.Property(e, nameof(IEvent.StreamKey));
        var version = Expression.Property(e, nameof(IEvent.Version));
        var after = snapshots
            .Select(s => (Expression)Expression.AndAlso(Expression.Equal(stream, Expression.Constant(s.ScorecardId)), Expression.GreaterThan(version, Expression.Constant(s.Version))))
            .Aggregate(Expression.OrElse);
        var upTo = Expression.LessThanOrEqual(Expression.Property(e, nameof(IEvent.Timestamp)), Expression.Constant(to.Last));
        return Expression.Lambda<Func<IEvent, bool>>(Expression.AndAlso(after, upTo), e);
    }

    public static async Task<(BlockRanking? From, BlockRanking? To)> RankingsAsync(IQuerySession session, int year, string block, Cut from, Cut to, CancellationToken ct) =>
        (await BlockRanking.LoadAsync(session, year, block, from, ct), await BlockRanking.LoadAsync(session, year, block, to, ct));
}
