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
    /// <param name="changed">Each scorecard this commit appends to, as the commit leaves it, with the set it is scored under.</param>
    /// <param name="amended">Each criteria set this commit amends, at its new version: all its scorecards are scored again.</param>
    public static async Task RecordAsync(IDocumentSession session, IReadOnlyCollection<(Scorecard Card, CriteriaSet? Set)> changed,
        IReadOnlyCollection<CriteriaSet> amended, DateTimeOffset recordedAt, CancellationToken ct)
    {
        // A card's open version is closed by one statement in the commit's batch, so a scorecard commit reads nothing
        // more while it holds the clock. The statement applies Next's rule: the open version is closed at this
        // instant, unless it began at this very instant (same id), in which case the new one replaces it.
        var validTo = session.DocumentStore.Options.Serializer().ToJson(recordedAt);
        foreach (var (card, set) in changed)
        {
            if (set is null || amended.Any(a => a.SetId == card.CriteriaSetId)) continue;
            var (_, next) = Next(null, card, set, recordedAt);
            session.QueueSqlCommand(
                $"update {LedgerStore.SchemaName}.mt_doc_scoreversion set data = jsonb_set(data, '{{validTo}}', ?::jsonb), valid_to = ? " +
                "where scorecard_id = ? and valid_to = ? and id <> ?",
                validTo, recordedAt, card.Id, ScoreVersion.Open, next.Id);
            session.Store(next);
        }

        // An amendment scores every card of its set again: they are read here, under the clock, where no scorecard commit can land.
        foreach (var set in amended)
        {
            var cards = (await session.Query<Scorecard>().Where(c => c.CriteriaSetId == set.SetId).ToListAsync(ct)).ToDictionary(c => c.Id);
            foreach (var (card, _) in changed.Where(c => c.Card.CriteriaSetId == set.SetId)) cards[card.Id] = card;
            if (cards.Count == 0) continue;
            var ids = cards.Keys.ToArray();
            var previous = (await session.Query<ScoreVersion>()
                    .Where(v => v.ScorecardId.IsOneOf(ids) && v.ValidTo == ScoreVersion.Open)
                    .ToListAsync(ct))
                .ToDictionary(v => v.ScorecardId);
            foreach (var card in cards.Values)
            {
                var (closed, next) = Next(previous.GetValueOrDefault(card.Id), card, set, recordedAt);
                if (closed is not null) session.Store(closed);
                session.Store(next);
            }
        }
    }

    /// <summary>
    /// The one rule of the history, shared by the commit-time projection and the projection audit: a commit at
    /// <paramref name="recordedAt"/> that leaves <paramref name="card"/> as it is under <paramref name="set"/> closes the open version
    /// (unless it began at that same instant, which the new one then replaces) and opens the next.
    /// </summary>
    public static (ScoreVersion? Closed, ScoreVersion Next) Next(ScoreVersion? open, Scorecard card, CriteriaSet set, DateTimeOffset recordedAt) =>
        (open is not null && open.ValidFrom < recordedAt ? open with { ValidTo = recordedAt } : null,
            new ScoreVersion(VersionId(card.Id, recordedAt), card.Id, card.Year, card.Block, card.Agency, set.SetId, set.RulesVersion,
                ScoreSheet.Score(set.Rules, card.Entries()).Summary(), recordedAt, ScoreVersion.Open));

    private static string VersionId(string scorecardId, DateTimeOffset recordedAt) => $"{scorecardId}@{recordedAt.UtcTicks}";

    /// <summary>The versions of a block's scorecards valid at the cut: recorded before <paramref name="bound"/> and not superseded before it.</summary>
    public static Task<IReadOnlyList<ScoreVersion>> ValidAtAsync(IQuerySession session, int year, string block, DateTimeOffset bound, CancellationToken ct = default) =>
        session.Query<ScoreVersion>()
            .Where(v => v.Year == year && v.Block == block && v.ValidTo >= bound && v.ValidFrom < bound)
            .ToListAsync(ct);
}
