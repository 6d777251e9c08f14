using CchcLedger.Domain.Integrity;
using Npgsql;

namespace CchcLedger.Projections;

/// <summary>
/// Builds <see cref="EventProof"/>s: the events as hashed, the head link and the Merkle hashes that tie them to a signed
/// checkpoint. Leaf positions come from <c>event_chain.leaf_index</c> and subtree hashes from <see cref="MerkleNodes"/>,
/// so a proof reads its events and O(k log n) hashes, never the whole ledger.
/// </summary>
public static class EventProofs
{
    /// <summary>The proof of the events of <paramref name="streams"/> up to <paramref name="through"/> and of <paramref name="extra"/> sequences.</summary>
    public static async Task<EventProof> BuildAsync(NpgsqlConnection conn, ChainCheckpointed checkpoint, IReadOnlyCollection<string> streams, long through,
        IReadOnlyCollection<long>? extra = null, CancellationToken ct = default)
    {
        var events = new List<ProofEvent>();
        await using (var cmd = new NpgsqlCommand(
            $"select c.leaf_index, e.seq_id, e.stream_id, e.version, e.type, e.timestamp, e.user_name, e.headers::text, e.data::text, {EventSeals.Metadata} " +
            $"from {LedgerStore.SchemaName}.mt_events e join {LedgerStore.SchemaName}.{EventSeals.Table} c on c.seq_id = e.seq_id " +
            "where ((e.stream_id = any(@streams) and e.seq_id <= @through) or e.seq_id = any(@extra)) and e.seq_id <= @signed order by e.seq_id", conn))
        {
            cmd.Parameters.AddWithValue("streams", streams.ToArray());
            cmd.Parameters.AddWithValue("through", through);
            cmd.Parameters.AddWithValue("extra", (extra ?? []).ToArray());
            cmd.Parameters.AddWithValue("signed", checkpoint.Sequence);
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
                events.Add(ProofEvent.Of(reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), reader.GetInt64(3), reader.GetString(4),
                    reader.GetFieldValue<DateTimeOffset>(5), reader.IsDBNull(6) ? null : reader.GetString(6), reader.IsDBNull(7) ? null : reader.GetString(7),
                    reader.GetString(8), EventSeals.ReadMetadata(reader, 9)));
        }
        return await ProveAsync(conn, checkpoint, events, ct);
    }

    /// <summary>The head link and the multiproof for <paramref name="events"/> against <paramref name="checkpoint"/>.</summary>
    public static async Task<EventProof> ProveAsync(NpgsqlConnection conn, ChainCheckpointed checkpoint, IReadOnlyList<ProofEvent> events, CancellationToken ct = default)
    {
        var last = checkpoint.TreeSize - 1;
        HeadLink? head = null;
        await using (var cmd = new NpgsqlCommand($"select prev_hash, leaf from {LedgerStore.SchemaName}.{EventSeals.Table} where leaf_index = @last", conn))
        {
            cmd.Parameters.AddWithValue("last", last);
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            if (await reader.ReadAsync(ct))
                head = new HeadLink(last, Convert.ToHexStringLower(reader.GetFieldValue<byte[]>(0)), Convert.ToHexStringLower(reader.GetFieldValue<byte[]>(1)));
        }
        if (head is null) throw new InvalidOperationException($"the ledger holds no seal at leaf {last}, the head of the checkpoint at sequence {checkpoint.Sequence}");

        // The head's leaf counts as given, like the events' leaves: the multiproof covers the rest of the tree.
        var subtrees = MerkleTree.ProofSubtrees(checkpoint.TreeSize, events.Select(e => e.LeafIndex).Append(last));
        var hashes = await MerkleNodes.HashesAsync(conn, subtrees, ct);
        return new EventProof(SignedCheckpoint.Of(checkpoint), head, events,
            subtrees.ToDictionary(s => $"{s.Start}:{s.Count}", s => Convert.ToHexStringLower(hashes[s])));
    }

    /// <summary>The sequences of the streams' events up to <paramref name="through"/>.</summary>
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
