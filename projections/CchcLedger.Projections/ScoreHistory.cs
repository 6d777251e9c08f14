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

/// <summary>Keeps <see cref="ScoreVersion"/>s: called by <see cref="LedgerClock"/> in the appending transaction.</summary>
public static class ScoreHistory
{
    /// <summary>At most this many events of a scorecard lie between a snapshot and the next.</summary>
    public const int SnapshotEvery = 32;

    /// <param name="changed">Each scorecard this commit appends to, as the commit leaves it.</param>
    /// <param name="appended">How many events this commit appends to each of them, by scorecard id.</param>
    /// <param name="amended">Each criteria set this commit amends, at its new version: all its scorecards are scored again.</param>
    public static async Task RecordAsync(IDocumentSession session, IReadOnlyCollection<Scorecard> changed, IReadOnlyDictionary<string, int> appended,
        IReadOnlyCollection<CriteriaSet> amended, DateTimeOffset recordedAt, CancellationToken ct)
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

        var snapshots = new List<ScorecardSnapshot>();
        foreach (var card in cards.Values)
        {
            if (!sets.TryGetValue(card.CriteriaSetId, out var set))
                sets[card.CriteriaSetId] = set = await session.LoadAsync<CriteriaSet>(CriteriaSet.StreamKey(card.CriteriaSetId), ct);
            if (set is null) continue;

            var open = previous.GetValueOrDefault(card.Id);
            var before = open?.Events ?? 0;
            var events = before + appended.GetValueOrDefault(card.Id);
            if (open is not null && open.ValidFrom < recordedAt) session.Store(open with { ValidTo = recordedAt });
            session.Store(new ScoreVersion($"{card.Id}@{recordedAt.UtcTicks}", card.Id, card.Year, card.Block, card.Agency, set.SetId, set.RulesVersion,
                ScoreSheet.Score(set.Rules, card.Entries()).Summary(), recordedAt, ScoreVersion.Open, events));
            if (events / SnapshotEvery != before / SnapshotEvery)
                snapshots.Add(new ScorecardSnapshot($"{card.Id}@{recordedAt.UtcTicks}", card.Id, card.Year, card.Block, appended.GetValueOrDefault(card.Id),
                    ScorecardValues.Write(card), recordedAt, ScoreVersion.Open));
        }
        if (snapshots.Count == 0) return;

        // Each snapshot's stream version: the committed version (appends are serialised by the ledger's clock, held
        // here) plus what this commit appends, which is what the snapshot was given for now.
        var snapshotted = snapshots.Select(s => s.ScorecardId).ToArray();
        var committed = new Dictionary<string, long>();
        await using (var cmd = new NpgsqlCommand($"select id, version from {LedgerStore.SchemaName}.mt_streams where id = any(@ids)", (NpgsqlConnection)session.Connection!))
        {
            cmd.Parameters.AddWithValue("ids", snapshotted);
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) committed[reader.GetString(0)] = reader.GetInt64(1);
        }
        snapshots = snapshots.Select(s => s with { Version = committed.GetValueOrDefault(s.ScorecardId) + s.Version }).ToList();
        foreach (var open in await session.Query<ScorecardSnapshot>().Where(s => s.ScorecardId.IsOneOf(snapshotted) && s.ValidTo == ScoreVersion.Open).ToListAsync(ct))
            if (open.ValidFrom < recordedAt) session.Store(open with { ValidTo = recordedAt });
        foreach (var snapshot in snapshots) session.Store(snapshot);
    }

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
