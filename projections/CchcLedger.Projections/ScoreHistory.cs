using CchcLedger.Domain.Criteria;
using CchcLedger.Domain.Scorecards;
using CchcLedger.Domain.Scoring;
using Marten;
using Npgsql;

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
    DateTimeOffset ValidTo,
    long Events = 0)
{
    public static readonly DateTimeOffset Open = new(9999, 1, 1, 0, 0, 0, TimeSpan.Zero);
}

/// <summary>
/// A scorecard's values as one commit left it (<see cref="ScorecardValues"/>: evidence and notes left out) at stream
/// version <see cref="Version"/>, valid until the next snapshot. Explanations between two instants start from the
/// snapshot valid at the first and fold only the events after that version, instead of replaying the stream from its
/// start: the state is the snapshot plus the later events, folded by the same <see cref="Scorecard.Evolve"/>. One is
/// kept whenever a commit takes the scorecard's count of events past a multiple of <see cref="ScoreHistory.SnapshotEvery"/>.
/// </summary>
public sealed record ScorecardSnapshot(string Id, string ScorecardId, int Year, string Block, long Version, string Values, DateTimeOffset ValidFrom, DateTimeOffset ValidTo)
{
    public Scorecard Card() => ScorecardValues.Read(Values);
}

/// <summary>Keeps <see cref="ScoreVersion"/>s and <see cref="ScorecardSnapshot"/>s: called by <see cref="LedgerClock"/> in the appending transaction.</summary>
public static class ScoreHistory
{
    /// <summary>At most this many events of a scorecard lie between a snapshot and the next.</summary>
    public const int SnapshotEvery = 32;

    /// <summary>A scorecard this commit appends to, as the commit leaves it, the set it is scored under, its stream version after the commit and how many events the commit appends.</summary>
    public sealed record Changed(Scorecard Card, CriteriaSet? Set, long Version, int Appended);

    /// <param name="amended">Each criteria set this commit amends, at its new version: all its scorecards are scored again.</param>
    public static async Task RecordAsync(IDocumentSession session, IReadOnlyCollection<Changed> changed, IReadOnlyCollection<CriteriaSet> amended,
        DateTimeOffset recordedAt, CancellationToken ct)
    {
        // A card's open version (and open snapshot) is closed by one statement in the commit's batch, so a scorecard
        // commit reads nothing more while it holds the clock. The statement applies Next's rule: the open version is
        // closed at this instant, unless it began at this very instant (same id), in which case the new one replaces it.
        var validTo = session.DocumentStore.Options.Serializer().ToJson(recordedAt);
        void Close(string table, string scorecardId, string replacedBy) => session.QueueSqlCommand(
            $"update {LedgerStore.SchemaName}.{table} set data = jsonb_set(data, '{{validTo}}', ?::jsonb), valid_to = ? where scorecard_id = ? and valid_to = ? and id <> ?",
            validTo, recordedAt, scorecardId, ScoreVersion.Open, replacedBy);

        foreach (var (card, set, version, appended) in changed)
        {
            if (set is null || amended.Any(a => a.SetId == card.CriteriaSetId)) continue;
            var (_, next) = Next(null, card, set, recordedAt, version);
            Close("mt_doc_scoreversion", card.Id, next.Id);
            session.Store(next);
            if (Snapshot(card, version, appended, recordedAt) is { } snapshot)
            {
                Close("mt_doc_scorecardsnapshot", card.Id, snapshot.Id);
                session.Store(snapshot);
            }
        }

        // An amendment scores every card of its set again: they are read here, under the clock, where no scorecard commit can land.
        foreach (var set in amended)
        {
            var cards = (await session.Query<Scorecard>().Where(c => c.CriteriaSetId == set.SetId).ToListAsync(ct)).ToDictionary(c => c.Id);
            foreach (var c in changed.Where(c => c.Card.CriteriaSetId == set.SetId)) cards[c.Card.Id] = c.Card;
            if (cards.Count == 0) continue;
            var ids = cards.Keys.ToArray();
            var previous = (await session.Query<ScoreVersion>()
                    .Where(v => v.ScorecardId.IsOneOf(ids) && v.ValidTo == ScoreVersion.Open)
                    .ToListAsync(ct))
                .ToDictionary(v => v.ScorecardId);
            foreach (var card in cards.Values)
            {
                var open = previous.GetValueOrDefault(card.Id);
                var (closed, next) = Next(open, card, set, recordedAt, changed.FirstOrDefault(c => c.Card.Id == card.Id)?.Version ?? open?.Events ?? 0);
                if (closed is not null) session.Store(closed);
                session.Store(next);
            }
        }
    }

    /// <summary>
    /// The one rule of the history, shared by the commit-time projection and the projection audit: a commit at
    /// <paramref name="recordedAt"/> that leaves <paramref name="card"/> as it is under <paramref name="set"/>, at stream
    /// version <paramref name="events"/>, closes the open version (unless it began at that same instant, which the new
    /// one then replaces) and opens the next.
    /// </summary>
    public static (ScoreVersion? Closed, ScoreVersion Next) Next(ScoreVersion? open, Scorecard card, CriteriaSet set, DateTimeOffset recordedAt, long events) =>
        (open is not null && open.ValidFrom < recordedAt ? open with { ValidTo = recordedAt } : null,
            new ScoreVersion(VersionId(card.Id, recordedAt), card.Id, card.Year, card.Block, card.Agency, set.SetId, set.RulesVersion,
                ScoreSheet.Score(set.Rules, card.Entries()).Summary(), recordedAt, ScoreVersion.Open, events));

    /// <summary>
    /// The snapshot a commit takes, shared by the commit-time projection and the audit: one whenever the commit takes the
    /// scorecard's stream past a multiple of <see cref="SnapshotEvery"/> events; the open one is closed at this instant.
    /// </summary>
    public static ScorecardSnapshot? Snapshot(Scorecard card, long version, int appended, DateTimeOffset recordedAt) =>
        version / SnapshotEvery != (version - appended) / SnapshotEvery
            ? new ScorecardSnapshot(VersionId(card.Id, recordedAt), card.Id, card.Year, card.Block, version, ScorecardValues.Write(card), recordedAt, ScoreVersion.Open)
            : null;

    private static string VersionId(string scorecardId, DateTimeOffset recordedAt) => $"{scorecardId}@{recordedAt.UtcTicks}";

    /// <summary>Each named scorecard's snapshot valid at the cut, if it has one: the last taken before <paramref name="bound"/>.</summary>
    public static async Task<IReadOnlyDictionary<string, ScorecardSnapshot>> SnapshotsAtAsync(IQuerySession session, IReadOnlyCollection<string> scorecards, DateTimeOffset bound,
        CancellationToken ct = default) =>
        (await session.Query<ScorecardSnapshot>()
            .Where(s => s.ScorecardId.IsOneOf(scorecards.ToArray()) && s.ValidTo >= bound && s.ValidFrom < bound)
            .ToListAsync(ct))
        .ToDictionary(s => s.ScorecardId);

    /// <summary>The versions of a block's scorecards valid at the cut: recorded before <paramref name="bound"/> and not superseded before it.</summary>
    public static Task<IReadOnlyList<ScoreVersion>> ValidAtAsync(IQuerySession session, int year, string block, DateTimeOffset bound, CancellationToken ct = default) =>
        session.Query<ScoreVersion>()
            .Where(v => v.Year == year && v.Block == block && v.ValidTo >= bound && v.ValidFrom < bound)
            .ToListAsync(ct);
}
