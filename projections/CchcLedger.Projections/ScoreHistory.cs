using CchcLedger.Domain.Criteria;
using CchcLedger.Domain.Scorecards;
using CchcLedger.Domain.Scoring;
using JasperFx.Events;
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
    public static async Task RecordAsync(IDocumentSession session, IReadOnlyList<StreamAction> streams, DateTimeOffset recordedAt, CancellationToken ct)
    {
        foreach (var stream in streams.Where(s => s.Key?.StartsWith("scorecard-", StringComparison.Ordinal) == true))
        {
            var card = await session.LoadAsync<Scorecard>(stream.Key!, ct);
            card = stream.Events.Aggregate(card, (c, e) => Scorecard.Evolve(c, e.Data));
            if (card is null) continue;
            var set = await session.LoadAsync<CriteriaSet>(CriteriaSet.StreamKey(card.CriteriaSetId), ct);
            if (set is null) continue;

            var previous = await session.Query<ScoreVersion>()
                .Where(v => v.ScorecardId == card.Id && v.ValidTo == ScoreVersion.Open)
                .FirstOrDefaultAsync(ct);
            if (previous is not null && previous.ValidFrom < recordedAt) session.Store(previous with { ValidTo = recordedAt });

            session.Store(new ScoreVersion($"{card.Id}@{recordedAt.UtcTicks}", card.Id, card.Year, card.Block, card.Agency, set.SetId, set.RulesVersion,
                ScoreSheet.Score(set.Rules, card.Entries()).Summary(), recordedAt, ScoreVersion.Open));
        }
    }

    /// <summary>The versions of a block's scorecards valid at the cut: recorded before <paramref name="bound"/> and not superseded before it.</summary>
    public static Task<IReadOnlyList<ScoreVersion>> ValidAtAsync(IQuerySession session, int year, string block, DateTimeOffset bound, CancellationToken ct = default) =>
        session.Query<ScoreVersion>()
            .Where(v => v.Year == year && v.Block == block && v.ValidTo >= bound && v.ValidFrom < bound)
            .ToListAsync(ct);
}
