using CchcLedger.Domain;
using CchcLedger.Domain.Agencies;
using CchcLedger.Domain.Criteria;
using CchcLedger.Domain.Scorecards;
using CchcLedger.Projections;
using JasperFx.Events;
using Marten;

namespace CchcLedger.Api;

/// <summary>
/// The ledger as it stood at a cut: single streams replayed to the cut, block-wide views from the history projections.
/// A cut on the effective axis ("in force at t") replays each stream's events that had taken effect by then.
/// </summary>
public static class History
{
    /// <summary>A usable as-of instant, or the reason it is not one (the future has not been recorded yet).</summary>
    public static Refusal? Check(DateTimeOffset? instant, TimeProvider clock, string field = "asOf") =>
        instant > clock.GetUtcNow() ? Refusal.Invalid(field, $"{instant:O} is in the future; the ledger answers for instants it has recorded") : null;

    /// <summary>The time axis a request reads on: <c>?axis=recorded</c> (the default) or <c>?axis=effective</c>.</summary>
    public static (TimeAxis Axis, Refusal? Refusal) Axis(string? axis) => axis switch
    {
        null or "" or "recorded" => (TimeAxis.Recorded, null),
        "effective" => (TimeAxis.Effective, null),
        _ => (TimeAxis.Recorded, Refusal.Invalid("axis", $"'{axis}' is not a time axis: 'recorded' (what the ledger had recorded by the instant) or 'effective' (what was in force at it)")),
    };

    /// <summary>The cut a request asks for: <c>?asOf=</c> on <c>?axis=</c>; none without an instant, or why it is not one.</summary>
    public static (Cut? Cut, Refusal? Refusal) CutOf(DateTimeOffset? asOf, string? axis, TimeProvider clock)
    {
        var (on, badAxis) = Axis(axis);
        if (badAxis is not null) return (null, badAxis);
        if (Check(asOf, clock) is { } future) return (null, future);
        return (asOf is { } t ? new Cut(t, on) : null, null);
    }

    /// <summary>A stream's events in the cut, in order; all of them without one.</summary>
    public static async Task<IReadOnlyList<RecordedEvent>> StreamAsync(IQuerySession session, string streamKey, Cut? cut, CancellationToken ct = default) =>
        cut switch
        {
            null => (await session.Events.FetchStreamAsync(streamKey, token: ct)).Select(Recorded).ToList(),
            { Effective: false } c => (await session.Events.FetchStreamAsync(streamKey, timestamp: c.Last, token: ct)).Select(Recorded).ToList(),
            // Effective instants never go backwards within a stream: the events in force at the cut are a prefix of it.
            { } c => (await InForce.EventsAfterAsync(session, new Dictionary<string, long> { [streamKey] = 0 }, c, ct)).GetValueOrDefault(streamKey) ?? [],
        };

    public static RecordedEvent Recorded(IEvent e) =>
        new(e.Sequence, e.Version, e.Timestamp, e.UserName, e.Data, EffectiveTime.Of(e) is var at && at != e.Timestamp ? at : null);

    private static async Task<T?> FoldAsync<T>(IQuerySession session, string streamKey, Cut c, Func<T?, object, T?> evolve, CancellationToken ct) where T : class =>
        (await InForce.FoldAsync(session, [streamKey], c, evolve, ct)).GetValueOrDefault(streamKey);

    public static async Task<CriteriaSet?> CriteriaSetAsync(IQuerySession session, string setId, Cut? cut, CancellationToken ct = default) =>
        cut switch
        {
            null => await session.CriteriaSetAsync(setId, ct),
            { Effective: false } c => await session.Events.AggregateStreamAsync<CriteriaSet>(CriteriaSet.StreamKey(setId), timestamp: c.Last, token: ct),
            { } c => await FoldAsync<CriteriaSet>(session, CriteriaSet.StreamKey(setId), c, CriteriaSet.Evolve, ct),
        };

    /// <summary>The set adopted for a year and block at the cut (sets are never removed, so today's list holds every candidate).</summary>
    public static async Task<CriteriaSet?> AdoptedSetAsync(IQuerySession session, int year, string block, Cut? cut, CancellationToken ct = default)
    {
        if (cut is null) return await session.AdoptedSetAsync(year, block);
        foreach (var candidate in await session.Query<CriteriaSet>().Where(s => s.Year == year && s.Block == block).ToListAsync(ct))
            if (await CriteriaSetAsync(session, candidate.SetId, cut, ct) is { Adopted: true } adopted) return adopted;
        return null;
    }

    public static async Task<Scorecard?> ScorecardAsync(IQuerySession session, int year, string agency, Cut? cut, CancellationToken ct = default) =>
        cut switch
        {
            null => await session.ScorecardAsync(year, agency, ct),
            { Effective: false } c => await session.Events.AggregateStreamAsync<Scorecard>(Scorecard.StreamKey(year, agency), timestamp: c.Last, token: ct),
            { } c => await FoldAsync<Scorecard>(session, Scorecard.StreamKey(year, agency), c, Scorecard.Evolve, ct),
        };

    public static async Task<Agency?> AgencyAsync(IQuerySession session, string code, Cut? cut, CancellationToken ct = default) =>
        cut switch
        {
            null => await session.AgencyAsync(code, ct),
            { Effective: false } c => (await AgencyHistory.ValidAtAsync(session, [code], c.Bound, ct)).GetValueOrDefault(code),
            { } c => await FoldAsync<Agency>(session, Agency.StreamKey(code), c, Agency.Evolve, ct),
        };
}
