using CchcLedger.Domain.Integrity;
using System.Text.Json;
using CchcLedger.Domain.Agencies;
using CchcLedger.Domain.Criteria;
using CchcLedger.Domain.Publications;
using CchcLedger.Domain.Scorecards;
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
    IReadOnlyDictionary<string, Agency> Agencies,
    IReadOnlyList<long> Sequences)
{
    public static async Task<PublicationSources> LoadAsync(NpgsqlConnection conn, int year, string block, SetRef set, long through, CancellationToken ct = default)
    {
        var cards = await BlockScorecardsAsync(conn, year, block, set.Id, through, ct);
        var streams = cards.Concat(cards.Select(c => Agency.StreamKey(c[$"scorecard-{year}-".Length..]))).Append(CriteriaSet.StreamKey(set.Id)).ToArray();
        var events = await ReadAsync(conn, streams, through, ct);

        var byStream = events.GroupBy(e => e.Stream).ToDictionary(g => g.Key, g => g.Select(e => e.Data).OfType<object>().ToList());
        var rules = CriteriaSet.AtVersion(byStream.GetValueOrDefault(CriteriaSet.StreamKey(set.Id)) ?? [], set.Version)?.Rules;
        var folded = byStream.Where(s => s.Key.StartsWith("scorecard-", StringComparison.Ordinal))
            .Select(s => s.Value.Aggregate((Scorecard?)null, Scorecard.Evolve)).OfType<Scorecard>().ToList();
        var agencies = byStream.Where(s => s.Key.StartsWith("agency-", StringComparison.Ordinal))
            .Select(s => s.Value.Aggregate((Agency?)null, Agency.Evolve)).OfType<Agency>().ToDictionary(a => a.Code);
        var versions = events.GroupBy(e => e.Stream).Select(g => new StreamVersion(g.Key, g.Max(e => e.Version)))
            .OrderBy(s => s.Id, StringComparer.Ordinal).ToList();
        return new PublicationSources(versions, rules, folded, agencies, events.Select(e => e.Sequence).ToList());
    }

    /// <summary>An event as stored: its position, stream, version, type and body (null for a type this code does not read).</summary>
    public sealed record RawEvent(long Sequence, string Stream, long Version, string Type, object? Data);

    public static object? Read(string type, string json) =>
        LedgerStore.EventTypes.TryGetValue(type, out var t) ? JsonSerializer.Deserialize(json, t, LedgerStore.EventJson) : null;

    /// <summary>As <see cref="Read(string, string)"/>, from the body's UTF-8 bytes (as the database sends them: no string decoded on the way).</summary>
    public static object? Read(string type, byte[] utf8) =>
        LedgerStore.EventTypes.TryGetValue(type, out var t) ? JsonSerializer.Deserialize(utf8, t, LedgerStore.EventJson) : null;

    /// <summary>The events of <paramref name="streams"/> up to <paramref name="through"/>, in sequence order; bodies read on both cores.</summary>
    public static async Task<IReadOnlyList<RawEvent>> ReadAsync(NpgsqlConnection conn, IReadOnlyCollection<string> streams, long through, CancellationToken ct = default)
    {
        var rows = new List<(long Seq, string Stream, long Version, string Type, byte[] Json)>();
        await using (var cmd = new NpgsqlCommand(
            $"select seq_id, stream_id, version, type, convert_to(data::text, 'UTF8') from {LedgerStore.SchemaName}.mt_events where stream_id = any(@streams) and seq_id <= @through order by seq_id", conn))
        {
            cmd.Parameters.AddWithValue("streams", streams.ToArray());
            cmd.Parameters.AddWithValue("through", through);
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) rows.Add((reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), reader.GetString(3), reader.GetFieldValue<byte[]>(4)));
        }
        var events = new RawEvent[rows.Count];
        Parallel.For(0, rows.Count, i => events[i] = new RawEvent(rows[i].Seq, rows[i].Stream, rows[i].Version, rows[i].Type, Read(rows[i].Type, rows[i].Json)));
        return events;
    }

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
