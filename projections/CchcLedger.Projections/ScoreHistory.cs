using CchcLedger.Domain.Criteria;
using CchcLedger.Domain.Scorecards;
using CchcLedger.Domain.Scoring;
using Marten;

namespace CchcLedger.Projections;

/// <summary>
/// One scorecard's total, index, class and area points as they stood from <see cref="ValidFrom"/> (the recorded
/// instant of the commit that produced them) until <see cref="ValidTo"/> (the next such commit, or <see cref="Open"/>).
/// As-of rankings read the versions valid at an instant instead of replaying any stream.
/// </summary>
public sealed record ScoreVersion(
    string Id,
    string ScorecardId,
    int Year,
    string Block,
    string Agency,
    string CriteriaSetId,
    int RulesVersion,
    ScoreSummary Score,
    DateTimeOffset ValidFrom,
    DateTimeOffset ValidTo)
{
    public static readonly DateTimeOffset Open = new(9999, 1, 1, 0, 0, 0, TimeSpan.Zero);
}

/// <summary>Keeps <see cref="ScoreVersion"/>s: called by <see cref="LedgerClock"/> in the appending transaction.</summary>
public static class ScoreHistory
{
    /// <param name="changed">Each scorecard this commit appends to, as the commit leaves it.</param>
    /// <param name="amended">Each criteria set this commit amends, at its new version: all its scorecards are scored again.</param>
    public static async Task RecordAsync(IDocumentSession session, IReadOnlyCollection<Scorecard> changed, IReadOnlyCollection<CriteriaSet> amended,
        DateTimeOffset recordedAt, CancellationToken ct)
    {
        var cards = changed.ToDictionary(c => c.Id);
        foreach (var set in amended)
            foreach (var card in await session.Query<Scorecard>().Where(c => c.CriteriaSetId == set.SetId).ToListAsync(ct))
                cards.TryAdd(card.Id, card);
        if (cards.Count == 0) return;

        var ids = cards.Keys.ToArray();
        var previous = (await session.Query<ScoreVersion>()
                .Where(v => v.ScorecardId.IsOneOf(ids) && v.ValidTo == ScoreVersion.Open)
                .ToListAsync(ct))
            .ToDictionary(v => v.ScorecardId);
        var sets = amended.ToDictionary(s => s.SetId, s => (CriteriaSet?)s);

        foreach (var card in cards.Values)
        {
            if (!sets.TryGetValue(card.CriteriaSetId, out var set))
                sets[card.CriteriaSetId] = set = await session.LoadAsync<CriteriaSet>(CriteriaSet.StreamKey(card.CriteriaSetId), ct);
            if (set is null) continue;

            var (closed, next) = Next(previous.GetValueOrDefault(card.Id), card, set, recordedAt);
            if (closed is not null) session.Store(closed);
            session.Store(next);
        }
    }

    /// <summary>
    /// The one rule of the history, shared by the commit-time projection and the projection audit: a commit at
    /// <paramref name="recordedAt"/> that leaves <paramref name="card"/> as it is under <paramref name="set"/> closes the open version
    /// (unless it began at that same instant, which the new one then replaces) and opens the next.
    /// </summary>
    public static (ScoreVersion? Closed, ScoreVersion Next) Next(ScoreVersion? open, Scorecard card, CriteriaSet set, DateTimeOffset recordedAt) =>
        (open is not null && open.ValidFrom < recordedAt ? open with { ValidTo = recordedAt } : null,
            new ScoreVersion($"{card.Id}@{recordedAt.UtcTicks}", card.Id, card.Year, card.Block, card.Agency, set.SetId, set.RulesVersion,
                ScoreSheet.Score(set.Rules, card.Entries()).Summary(), recordedAt, ScoreVersion.Open));

    /// <summary>The versions of a block's scorecards valid at the cut: recorded before <paramref name="bound"/> and not superseded before it.</summary>
    public static Task<IReadOnlyList<ScoreVersion>> ValidAtAsync(IQuerySession session, int year, string block, DateTimeOffset bound, CancellationToken ct = default) =>
        session.Query<ScoreVersion>()
            .Where(v => v.Year == year && v.Block == block && v.ValidTo >= bound && v.ValidFrom < bound)
            .ToListAsync(ct);
}
