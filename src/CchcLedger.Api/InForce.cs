using CchcLedger.Domain;
using CchcLedger.Domain.Scorecards;
using CchcLedger.Projections;
using Marten;
using Npgsql;

namespace CchcLedger.Api;

/// <summary>
/// Block-wide reads on the effective axis ("in force at t, as the ledger knows it now"). The score versions are kept by
/// recorded instant, so these fold the raw events instead; effective instants never go backwards within a stream, so
/// the events in force at a cut are a prefix of each stream, and a scorecard starts from its last snapshot inside that
/// prefix (<see cref="ScorecardSnapshot"/>: values without evidence and notes) and folds only the events after it.
/// Two queries for a whole block, on a connection of its own, bodies read as the database sends them.
/// </summary>
public static class InForce
{
    /// <summary>
    /// The cut to read a block with. An event never takes effect after it is recorded, so a cut in force at t holds
    /// every event a recorded cut at t holds, and more only if some event recorded at or after t took effect before it
    /// (a backdated decision, a past year brought in). Where the ledger has none, the two cuts are the same events, and
    /// the recorded one is read from the score versions and snapshots kept by recorded instant instead of folding.
    /// One query on the seal's index of events that carry an effective instant (<see cref="EventSeals.BackdatedTable"/>).
    /// </summary>
    public static async Task<Cut> NarrowAsync(IQuerySession session, Cut cut, CancellationToken ct = default)
    {
        if (!cut.Effective) return cut;
        await using var conn = await OpenAsync(session, ct);
        await using var cmd = new NpgsqlCommand(
            $"select exists (select 1 from {LedgerStore.SchemaName}.{EventSeals.BackdatedTable} b where b.recorded_at >= @bound and b.effective_at < @bound)", conn);
        cmd.Parameters.AddWithValue("bound", cut.Bound);
        return (bool)(await cmd.ExecuteScalarAsync(ct))! ? cut : cut with { Axis = TimeAxis.Recorded };
    }

    /// <summary>Each named scorecard's last snapshot whose last event had taken effect before the cut.</summary>
    public static async Task<IReadOnlyDictionary<string, ScorecardSnapshot>> SnapshotsAsync(IQuerySession session, IReadOnlyCollection<string> scorecards, Cut cut,
        CancellationToken ct = default)
    {
        if (scorecards.Count == 0) return new Dictionary<string, ScorecardSnapshot>();
        var serializer = session.DocumentStore.Options.Serializer();
        await using var conn = await OpenAsync(session, ct);
        await using var cmd = new NpgsqlCommand(
            $"select distinct on (s.scorecard_id) s.data from {LedgerStore.SchemaName}.mt_doc_scorecardsnapshot s " +
            $"join {LedgerStore.SchemaName}.mt_events e on e.stream_id = s.scorecard_id and e.version = (s.data->>'version')::bigint " +
            $"where s.scorecard_id = any(@ids) and {EffectiveTime.Sql} < @bound order by s.scorecard_id, (s.data->>'version')::bigint desc", conn);
        cmd.Parameters.AddWithValue("ids", scorecards.ToArray());
        cmd.Parameters.AddWithValue("bound", cut.Bound);
        var snapshots = new Dictionary<string, ScorecardSnapshot>(StringComparer.Ordinal);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var snapshot = serializer.FromJson<ScorecardSnapshot>(reader, 0);
            snapshots[snapshot.ScorecardId] = snapshot;
        }
        return snapshots;
    }

    /// <summary>The events of each stream after a version (0: all) that had taken effect before the cut, in order.</summary>
    public static async Task<IReadOnlyDictionary<string, IReadOnlyList<RecordedEvent>>> EventsAfterAsync(IQuerySession session, IReadOnlyDictionary<string, long> after,
        Cut cut, CancellationToken ct = default)
    {
        if (after.Count == 0) return new Dictionary<string, IReadOnlyList<RecordedEvent>>();
        var rows = new List<(string Stream, long Seq, long Version, DateTimeOffset Recorded, string? By, string Type, byte[] Json, DateTimeOffset Effective)>();
        await using (var conn = await OpenAsync(session, ct))
        await using (var cmd = new NpgsqlCommand(
            $"select e.stream_id, e.seq_id, e.version, e.timestamp, e.user_name, e.type, convert_to(e.data::text, 'UTF8'), {EffectiveTime.Sql} " +
            $"from {LedgerStore.SchemaName}.mt_events e join unnest(@streams, @after) as s(id, v) on e.stream_id = s.id and e.version > s.v " +
            $"where {EffectiveTime.Sql} < @bound order by e.seq_id", conn))
        {
            cmd.Parameters.AddWithValue("streams", after.Keys.ToArray());
            cmd.Parameters.AddWithValue("after", after.Values.ToArray());
            cmd.Parameters.AddWithValue("bound", cut.Bound);
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
                rows.Add((reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetFieldValue<DateTimeOffset>(3), reader.IsDBNull(4) ? null : reader.GetString(4),
                    reader.GetString(5), reader.GetFieldValue<byte[]>(6), reader.GetFieldValue<DateTimeOffset>(7)));
        }
        var events = new RecordedEvent?[rows.Count];
        Parallel.For(0, rows.Count, i =>
        {
            var r = rows[i];
            events[i] = PublicationSources.Read(r.Type, r.Json) is { } data
                ? new RecordedEvent(r.Seq, r.Version, r.Recorded, r.By, data, r.Effective != r.Recorded ? r.Effective : null)
                : null;
        });
        return rows.Select((r, i) => (r.Stream, Event: events[i])).Where(x => x.Event is not null)
            .GroupBy(x => x.Stream, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<RecordedEvent>)g.Select(x => x.Event!).ToList(), StringComparer.Ordinal);
    }

    /// <summary>Several streams folded at the cut from their raw events (small streams: agencies, criteria sets).</summary>
    public static async Task<IReadOnlyDictionary<string, T>> FoldAsync<T>(IQuerySession session, IReadOnlyCollection<string> streams, Cut cut,
        Func<T?, object, T?> evolve, CancellationToken ct = default) where T : class
    {
        var events = await EventsAfterAsync(session, streams.Distinct().ToDictionary(s => s, _ => 0L), cut, ct);
        return events.Select(s => (s.Key, State: s.Value.Aggregate((T?)null, (state, e) => evolve(state, e.Data))))
            .Where(x => x.State is not null)
            .ToDictionary(x => x.Key, x => x.State!);
    }

    /// <summary>
    /// The scores in force at the cut where the score history already holds them: the events of one commit share one
    /// effective instant, so the events in force end at a commit, and the score version that commit left (under the
    /// rules version in force) is that prefix's score. Also the scorecards with events in force but no such version
    /// (a set amended since, say): those are to be folded.
    /// </summary>
    public static async Task<(IReadOnlyList<ScoreVersion> Scores, IReadOnlyList<string> ToFold)> ScoresAsync(IQuerySession session, IReadOnlyCollection<string> scorecards,
        Cut cut, string setId, int rulesVersion, CancellationToken ct = default)
    {
        if (scorecards.Count == 0) return ([], []);
        var serializer = session.DocumentStore.Options.Serializer();
        await using var conn = await OpenAsync(session, ct);
        await using var cmd = new NpgsqlCommand(
            $"with n as (select e.stream_id, max(e.version) as events from {LedgerStore.SchemaName}.mt_events e " +
            $"where e.stream_id = any(@ids) and {EffectiveTime.Sql} < @bound group by e.stream_id) " +
            $"select distinct on (n.stream_id) n.stream_id, v.data from n left join {LedgerStore.SchemaName}.mt_doc_scoreversion v on v.scorecard_id = n.stream_id " +
            "and (v.data->>'events')::bigint = n.events and v.data->>'criteriaSetId' = @set and (v.data->>'rulesVersion')::int = @rules " +
            "order by n.stream_id, v.data->>'validFrom' desc", conn);
        cmd.Parameters.AddWithValue("ids", scorecards.ToArray());
        cmd.Parameters.AddWithValue("bound", cut.Bound);
        cmd.Parameters.AddWithValue("set", setId);
        cmd.Parameters.AddWithValue("rules", rulesVersion);
        var (scores, toFold) = (new List<ScoreVersion>(), new List<string>());
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            if (reader.IsDBNull(1)) toFold.Add(reader.GetString(0));
            else scores.Add(serializer.FromJson<ScoreVersion>(reader, 1));
        return (scores, toFold);
    }

    /// <summary>Scorecards folded at the cut, for their scores: each from its last snapshot inside the cut, then the events after it.</summary>
    public static async Task<IReadOnlyList<Scorecard>> ScorecardsAsync(IQuerySession session, IReadOnlyCollection<string> scorecards, Cut cut, CancellationToken ct = default)
    {
        var snapshots = await SnapshotsAsync(session, scorecards, cut, ct);
        var events = await EventsAfterAsync(session, scorecards.ToDictionary(k => k, k => snapshots.GetValueOrDefault(k)?.Version ?? 0L), cut, ct);
        return scorecards
            .Select(k => (events.GetValueOrDefault(k) ?? []).Aggregate(snapshots.GetValueOrDefault(k)?.Card(), (state, e) => Scorecard.Evolve(state, e.Data)))
            .OfType<Scorecard>()
            .ToList();
    }

    // A connection of its own: taking the session's leaves it in a transaction the request never closes (Milestones).
    private static async Task<NpgsqlConnection> OpenAsync(IQuerySession session, CancellationToken ct)
    {
        var conn = new NpgsqlConnection(session.DocumentStore.Options.Tenancy.Default.Database.CreateConnection().ConnectionString);
        await conn.OpenAsync(ct);
        return conn;
    }
}
