using CchcLedger.Domain.Integrity;
using System.Text.Json;
using CchcLedger.Domain.Agencies;
using CchcLedger.Domain.Criteria;
using CchcLedger.Domain.Publications;
using CchcLedger.Domain.Scorecards;
using System.Collections.Immutable;
using Npgsql;

namespace CchcLedger.Projections;

/// <summary>
/// What a year's block ranking derives from, read from the raw events alone (never a projection) up to a sequence:
/// the block's scorecard streams under the set (each opens with its block and set), their agencies' streams and the
/// set's stream, each stream's last version, and the events folded by the domain. Publishing, regeneration and
/// bundles all use this one reading, so they agree on which streams a publication commits.
/// </summary>
public sealed record PublicationSources(
    IReadOnlyList<StreamVersion> Streams,
    CriteriaRules? Rules,
    IReadOnlyList<Scorecard> Cards,
    IReadOnlyDictionary<string, Agency> Agencies)
{
    /// <param name="folds">Streams folded by an earlier reading: only the events after them are read (publishing).
    /// Without it every event is read and folded (regeneration, bundles).</param>
    public static async Task<PublicationSources> LoadAsync(NpgsqlConnection conn, int year, string block, SetRef set, long through,
        StreamFolds? folds = null, CancellationToken ct = default)
    {
        var cards = await BlockScorecardsAsync(conn, year, block, set.Id, through, ct);
        var setStream = CriteriaSet.StreamKey(set.Id);
        var streams = cards.Concat(cards.Select(c => Agency.StreamKey(c[$"scorecard-{year}-".Length..]))).Append(setStream).ToArray();
        var database = $"{conn.Host}:{conn.Port}/{conn.Database}";

        var from = streams.ToDictionary(s => s, s => folds?.For(database, s, through), StringComparer.Ordinal);
        var (events, stale) = await ReadAfterAsync(conn, from, through, ct);
        if (stale.Count > 0)
        {
            // A kept fold whose last event is not the row now at its version: read those streams from their start.
            foreach (var stream in stale) { folds!.Forget(database, stream); from[stream] = null; }
            (events, _) = await ReadAfterAsync(conn, from, through, ct);
        }

        var folded = new Dictionary<string, StreamFolds.Fold>(StringComparer.Ordinal);
        foreach (var (stream, fold) in from) if (fold is not null) folded[stream] = fold;
        foreach (var e in events)
        {
            var state = folded.TryGetValue(e.Stream, out var before) ? before.State : null;
            folded[e.Stream] = new StreamFolds.Fold(e.Version, e.Id, e.Sequence, e.Data is null ? state : Step(e.Stream, e.Stream == setStream, state, e.Data));
        }
        if (folds is not null) foreach (var (stream, fold) in folded) folds.Keep(database, stream, fold);

        var setEvents = (folded.GetValueOrDefault(setStream)?.State as ImmutableList<object>) ?? [];
        var rules = CriteriaSet.AtVersion(setEvents, set.Version)?.Rules;
        var scorecards = folded.Values.Select(f => f.State).OfType<Scorecard>().ToList();
        var agencies = folded.Values.Select(f => f.State).OfType<Agency>().ToDictionary(a => a.Code);
        var versions = folded.Select(f => new StreamVersion(f.Key, f.Value.Version)).OrderBy(s => s.Id, StringComparer.Ordinal).ToList();
        return new PublicationSources(versions, rules, scorecards, agencies);
    }

    /// <summary>One event folded into its stream's state: a scorecard or an agency by the domain's own fold; the criteria
    /// set's events are kept as they are, since the rules are taken at the version the ranking pins.</summary>
    private static object? Step(string stream, bool isCriteriaSet, object? state, object e) =>
        isCriteriaSet ? ((state as ImmutableList<object>) ?? []).Add(e)
        : stream.StartsWith("scorecard-", StringComparison.Ordinal) ? Scorecard.Evolve(state as Scorecard, e)
        : Agency.Evolve(state as Agency, e);

    private sealed record Row(long Sequence, string Stream, long Version, Guid Id, string Type, object? Data);

    /// <summary>The events of each stream after its fold (all of them where it has none) up to <paramref name="through"/>, in
    /// sequence order, bodies read on both cores; and the streams whose fold's last event is not the row at its version.</summary>
    private static async Task<(IReadOnlyList<Row> Events, IReadOnlyList<string> Stale)> ReadAfterAsync(NpgsqlConnection conn,
        IReadOnlyDictionary<string, StreamFolds.Fold?> from, long through, CancellationToken ct)
    {
        var rows = new List<(long Seq, string Stream, long Version, Guid Id, string Type, byte[]? Json)>();
        await using (var cmd = new NpgsqlCommand(
            "select e.seq_id, e.stream_id, e.version, e.id, e.type, case when e.version > s.v then convert_to(e.data::text, 'UTF8') end " +
            $"from {LedgerStore.SchemaName}.mt_events e join unnest(@streams, @after) as s(id, v) on e.stream_id = s.id and e.version >= s.v " +
            "where e.seq_id <= @through order by e.seq_id", conn))
        {
            cmd.Parameters.AddWithValue("streams", from.Keys.ToArray());
            cmd.Parameters.AddWithValue("after", from.Values.Select(f => f?.Version ?? 0L).ToArray());
            cmd.Parameters.AddWithValue("through", through);
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
                rows.Add((reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), reader.GetGuid(3), reader.GetString(4),
                    reader.IsDBNull(5) ? null : reader.GetFieldValue<byte[]>(5)));
        }
        var matched = rows.Where(r => r.Json is null).Select(r => (r.Stream, r.Version, r.Id)).ToHashSet();
        var stale = from.Where(f => f.Value is { } fold && !matched.Contains((f.Key, fold.Version, fold.LastEventId))).Select(f => f.Key).ToList();
        var bodies = rows.Where(r => r.Json is not null).ToArray();
        var events = new Row[bodies.Length];
        Parallel.For(0, bodies.Length, i => events[i] = new Row(bodies[i].Seq, bodies[i].Stream, bodies[i].Version, bodies[i].Id, bodies[i].Type, Read(bodies[i].Type, bodies[i].Json!)));
        return (events, stale);
    }

    public static object? Read(string type, string json) =>
        LedgerStore.EventTypes.TryGetValue(type, out var t) ? JsonSerializer.Deserialize(json, t, LedgerStore.EventJson) : null;

    /// <summary>As <see cref="Read(string, string)"/>, from the body's UTF-8 bytes (as the database sends them: no string decoded on the way).</summary>
    public static object? Read(string type, byte[] utf8) =>
        LedgerStore.EventTypes.TryGetValue(type, out var t) ? JsonSerializer.Deserialize(utf8, t, LedgerStore.EventJson) : null;

    /// <summary>The year's scorecard streams opened for <paramref name="block"/> under set <paramref name="setId"/> by <paramref name="through"/>.</summary>
    public static async Task<string[]> BlockScorecardsAsync(NpgsqlConnection conn, int year, string block, string setId, long through, CancellationToken ct = default)
    {
        await using var cmd = new NpgsqlCommand(
            $"select e.stream_id from {LedgerStore.SchemaName}.mt_streams s join {LedgerStore.SchemaName}.mt_events e on e.stream_id = s.id and e.version = 1 " +
            "where s.id like @prefix and e.seq_id <= @through and e.type = 'scorecard_opened' and e.data->>'block' = @block and e.data->>'criteriaSetId' = @set", conn);
        cmd.Parameters.AddWithValue("prefix", $"scorecard-{year}-%");
        cmd.Parameters.AddWithValue("through", through);
        cmd.Parameters.AddWithValue("block", block);
        cmd.Parameters.AddWithValue("set", setId);
        var keys = new List<string>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) keys.Add(reader.GetString(0));
        return [.. keys.Order(StringComparer.Ordinal)];
    }
}
