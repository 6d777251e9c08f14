using CchcLedger.Domain.Integrity;
using Npgsql;

namespace CchcLedger.Projections;

/// <summary>Builds <see cref="EventProof"/>s: the events as stored and the Merkle hashes that tie them to a signed checkpoint.</summary>
public static class EventProofs
{
    public static async Task<EventProof> BuildAsync(NpgsqlConnection conn, ChainCheckpointed checkpoint, IReadOnlyCollection<long> sequences, CancellationToken ct = default)
    {
        var leaves = new List<byte[]>((int)checkpoint.TreeSize);
        var index = new Dictionary<long, int>();
        await using (var cmd = new NpgsqlCommand($"select seq_id, leaf from {LedgerStore.SchemaName}.{EventSeals.Table} where seq_id <= @s order by seq_id", conn))
        {
            cmd.Parameters.AddWithValue("s", checkpoint.Sequence);
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                index[reader.GetInt64(0)] = leaves.Count;
                leaves.Add(reader.GetFieldValue<byte[]>(1));
            }
        }

        var events = new List<ProvenEvent>();
        await using (var cmd = new NpgsqlCommand(
            $"select e.seq_id, e.stream_id, e.version, e.type, e.timestamp, e.user_name, e.headers::text, e.data::text, {EventSeals.Metadata} " +
            $"from {LedgerStore.SchemaName}.mt_events e where e.seq_id = any(@seqs) and e.seq_id <= @s order by e.seq_id", conn))
        {
            cmd.Parameters.AddWithValue("seqs", sequences.ToArray());
            cmd.Parameters.AddWithValue("s", checkpoint.Sequence);
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
                events.Add(new ProvenEvent(reader.GetInt64(0), index.GetValueOrDefault(reader.GetInt64(0), -1), reader.GetString(1), reader.GetInt64(2), reader.GetString(3),
                    reader.GetFieldValue<DateTimeOffset>(4), reader.IsDBNull(5) ? null : reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6), reader.GetString(7),
                    EventSeals.ReadMetadata(reader, 8)));
        }

        var nodes = MerkleTree.MultiProof(leaves, events.Where(e => e.LeafIndex >= 0).Select(e => (int)e.LeafIndex));
        return new EventProof(checkpoint, events, nodes.ToDictionary(kv => kv.Key, kv => Convert.ToHexStringLower(kv.Value)));
    }

    /// <summary>The sequences of a stream's events up to <paramref name="through"/>.</summary>
    public static async Task<IReadOnlyList<long>> SequencesAsync(NpgsqlConnection conn, IReadOnlyCollection<string> streams, long through, CancellationToken ct = default)
    {
        var found = new List<long>();
        await using var cmd = new NpgsqlCommand($"select seq_id from {LedgerStore.SchemaName}.mt_events where stream_id = any(@streams) and seq_id <= @through", conn);
        cmd.Parameters.AddWithValue("streams", streams.ToArray());
        cmd.Parameters.AddWithValue("through", through);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) found.Add(reader.GetInt64(0));
        return found;
    }
}
