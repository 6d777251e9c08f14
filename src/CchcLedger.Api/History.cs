using CchcLedger.Domain;
using CchcLedger.Domain.Agencies;
using CchcLedger.Domain.Criteria;
using CchcLedger.Domain.Scorecards;
using CchcLedger.Projections;
using JasperFx.Events;
using Marten;

namespace CchcLedger.Api;

/// <summary>The ledger as it stood at a cut: single streams replayed to the cut, block-wide views from the history projections.</summary>
public static class History
{
    /// <summary>A usable as-of instant, or the reason it is not one (the future has not been recorded yet).</summary>
    public static Refusal? Check(DateTimeOffset? instant, TimeProvider clock, string field = "asOf") =>
        instant > clock.GetUtcNow() ? Refusal.Invalid(field, $"{instant:O} is in the future; the ledger answers for instants it has recorded") : null;

    public static async Task<IReadOnlyList<RecordedEvent>> StreamAsync(IQuerySession session, string streamKey, Cut? cut, CancellationToken ct = default)
    {
        var events = cut is { } c
            ? await session.Events.FetchStreamAsync(streamKey, timestamp: c.Last, token: ct)
            : await session.Events.FetchStreamAsync(streamKey, token: ct);
        return events.Select(Recorded).ToList();
    }

    public static RecordedEvent Recorded(IEvent e) => new(e.Sequence, e.Version, e.Timestamp, e.UserName, e.Data);

    public static async Task<CriteriaSet?> CriteriaSetAsync(IQuerySession session, string setId, Cut? cut, CancellationToken ct = default) =>
        cut is { } c
            ? await session.Events.AggregateStreamAsync<CriteriaSet>(CriteriaSet.StreamKey(setId), timestamp: c.Last, token: ct)
            : await session.CriteriaSetAsync(setId, ct);

    /// <summary>The set adopted for a year and block at the cut (sets are never removed, so today's list holds every candidate).</summary>
    public static async Task<CriteriaSet?> AdoptedSetAsync(IQuerySession session, int year, string block, Cut? cut, CancellationToken ct = default)
    {
        if (cut is null) return await session.AdoptedSetAsync(year, block);
        foreach (var candidate in await session.Query<CriteriaSet>().Where(s => s.Year == year && s.Block == block).ToListAsync(ct))
            if (await CriteriaSetAsync(session, candidate.SetId, cut, ct) is { Adopted: true } adopted) return adopted;
        return null;
    }

    public static async Task<Scorecard?> ScorecardAsync(IQuerySession session, int year, string agency, Cut? cut, CancellationToken ct = default) =>
        cut is { } c
            ? await session.Events.AggregateStreamAsync<Scorecard>(Scorecard.StreamKey(year, agency), timestamp: c.Last, token: ct)
            : await session.ScorecardAsync(year, agency, ct);

    public static async Task<Agency?> AgencyAsync(IQuerySession session, string code, Cut? cut, CancellationToken ct = default) =>
        cut is { } c
            ? (await AgencyHistory.ValidAtAsync(session, [code], c.Bound, ct)).GetValueOrDefault(code)
            : await session.AgencyAsync(code, ct);
}
