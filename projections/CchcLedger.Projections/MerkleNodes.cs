using System.Numerics;
using CchcLedger.Domain.Integrity;
using Npgsql;
using NpgsqlTypes;

namespace CchcLedger.Projections;

/// <summary>
/// The Merkle tree kept incrementally, as certificate-transparency logs keep theirs: the hash of every perfect subtree
/// of at least 2^<see cref="Lowest"/> leaves is stored once in <c>merkle_nodes (level, idx, hash)</c> (level L, index i
/// covers leaves i·2^L … (i+1)·2^L − 1), by the checkpointer, from the leaves appended since the last checkpoint. A root
/// or an inclusion proof then reads O(log n) stored hashes and fewer than 2^<see cref="Lowest"/> leaves per smaller
/// subtree, never the whole ledger. Leaves are addressed by their index in the tree (<c>event_chain.leaf_index</c>).
/// The stored hashes are a cache: verification recomputes every root from the events themselves.
/// </summary>
public static class MerkleNodes
{
    public const string Table = "merkle_nodes";

    /// <summary>Subtrees below 2^4 = 16 leaves are not stored: recomputing one reads at most 15 leaves.</summary>
    public const int Lowest = 4;

    /// <summary>Stores every perfect subtree (of 2^<see cref="Lowest"/> leaves or more) lying inside the first <paramref name="size"/> leaves.</summary>
    public static async Task ExtendAsync(NpgsqlConnection conn, long size, CancellationToken ct = default)
    {
        var stored = new Dictionary<int, long>();
        // How far each level is stored: one index probe per level, never a scan of the table.
        await using (var cmd = new NpgsqlCommand(
            $"select l, (select max(idx) + 1 from {LedgerStore.SchemaName}.{Table} where level = l) from generate_series({Lowest}, 62) l", conn))
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
                if (!reader.IsDBNull(1)) stored[reader.GetInt32(0)] = reader.GetInt64(1);

        var created = new List<(int Level, long Idx, byte[] Hash)>();
        var below = new Dictionary<long, byte[]>();
        var have = stored.GetValueOrDefault(Lowest);
        var need = size >> Lowest;
        if (need > have)
        {
            var leaves = await LeavesAsync(conn, [(have << Lowest, need << Lowest)], ct);
            for (var i = have; i < need; i++)
            {
                var hash = Perfect(leaves, i << Lowest, 1L << Lowest);
                below[i] = hash;
                created.Add((Lowest, i, hash));
            }
        }
        for (var level = Lowest + 1; size >> level > 0; level++)
        {
            (have, need) = (stored.GetValueOrDefault(level), size >> level);
            var current = new Dictionary<long, byte[]>();
            if (need > have)
            {
                var missing = Enumerable.Range(0, (int)(2 * (need - have))).Select(k => 2 * have + k).Where(i => !below.ContainsKey(i)).ToList();
                if (missing.Count > 0)
                    foreach (var (idx, hash) in await StoredAsync(conn, missing.Select(i => (level - 1, i)).ToList(), ct)) below[idx.Idx] = hash;
                for (var i = have; i < need; i++)
                {
                    var hash = MerkleTree.Node(below[2 * i], below[2 * i + 1]);
                    current[i] = hash;
                    created.Add((level, i, hash));
                }
            }
            below = current;
        }
        if (created.Count == 0) return;
        await using var import = await conn.BeginBinaryImportAsync($"copy {LedgerStore.SchemaName}.{Table} (level, idx, hash) from stdin (format binary)", ct);
        foreach (var (level, idx, hash) in created)
        {
            await import.StartRowAsync(ct);
            await import.WriteAsync(level, NpgsqlDbType.Integer, ct);
            await import.WriteAsync(idx, NpgsqlDbType.Bigint, ct);
            await import.WriteAsync(hash, NpgsqlDbType.Bytea, ct);
        }
        await import.CompleteAsync(ct);
    }

    /// <summary>The root of the first <paramref name="size"/> leaves.</summary>
    public static async Task<byte[]> RootAsync(NpgsqlConnection conn, long size, CancellationToken ct = default) =>
        size == 0 ? System.Security.Cryptography.SHA256.HashData([]) : (await HashesAsync(conn, [(0, size)], ct))[(0, size)];

    /// <summary>
    /// The hashes of the subtrees (start, count) of an RFC 6962 tree; each is a left-aligned subtree of the tree, as the
    /// nodes of a multiproof are. Read in two queries: the stored perfect subtrees, then the leaves of the smaller ones.
    /// </summary>
    public static async Task<IReadOnlyDictionary<(long Start, long Count), byte[]>> HashesAsync(NpgsqlConnection conn, IReadOnlyCollection<(long Start, long Count)> subtrees,
        CancellationToken ct = default)
    {
        var pieces = subtrees.SelectMany(s => Pieces(s.Start, s.Count)).Distinct().ToList();
        var stored = await StoredAsync(conn, pieces.Where(p => p.Level >= Lowest).ToList(), ct);
        // A perfect subtree not stored yet (beyond the last checkpoint) is computed from its leaves.
        var ranges = pieces.Where(p => !stored.ContainsKey(p)).Select(p => (p.Idx << p.Level, (p.Idx + 1) << p.Level)).ToList();
        var leaves = ranges.Count == 0 ? [] : await LeavesAsync(conn, ranges, ct);

        byte[] Hash(long start, long count)
        {
            if (BitOperations.IsPow2(count))
            {
                var level = BitOperations.Log2((ulong)count);
                return stored.TryGetValue((level, start >> level), out var hash) ? hash : Perfect(leaves, start, count);
            }
            var k = 1L << BitOperations.Log2((ulong)(count - 1));
            return MerkleTree.Node(Hash(start, k), Hash(start + k, count - k));
        }
        return subtrees.Distinct().ToDictionary(s => s, s => Hash(s.Start, s.Count));
    }

    /// <summary>The perfect subtrees that make up a subtree: itself when its size is a power of two, else its RFC 6962 split.</summary>
    private static IEnumerable<(int Level, long Idx)> Pieces(long start, long count)
    {
        if (BitOperations.IsPow2(count))
        {
            var level = BitOperations.Log2((ulong)count);
            yield return (level, start >> level);
            yield break;
        }
        var k = 1L << BitOperations.Log2((ulong)(count - 1));
        foreach (var p in Pieces(start, k)) yield return p;
        foreach (var p in Pieces(start + k, count - k)) yield return p;
    }

    private static byte[] Perfect(IReadOnlyDictionary<long, byte[]> leaves, long start, long count) =>
        count == 1 ? leaves[start] : MerkleTree.Node(Perfect(leaves, start, count / 2), Perfect(leaves, start + count / 2, count / 2));

    private static async Task<Dictionary<(int Level, long Idx), byte[]>> StoredAsync(NpgsqlConnection conn, IReadOnlyList<(int Level, long Idx)> nodes, CancellationToken ct)
    {
        var found = new Dictionary<(int, long), byte[]>();
        if (nodes.Count == 0) return found;
        await using var cmd = new NpgsqlCommand(
            $"select n.level, n.idx, n.hash from unnest(@levels, @idxs) w(level, idx) join {LedgerStore.SchemaName}.{Table} n on n.level = w.level and n.idx = w.idx", conn);
        cmd.Parameters.AddWithValue("levels", nodes.Select(n => n.Level).ToArray());
        cmd.Parameters.AddWithValue("idxs", nodes.Select(n => n.Idx).ToArray());
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) found[(reader.GetInt32(0), reader.GetInt64(1))] = reader.GetFieldValue<byte[]>(2);
        return found;
    }

    /// <summary>The leaves whose index lies in any of the ranges [from, to).</summary>
    public static async Task<Dictionary<long, byte[]>> LeavesAsync(NpgsqlConnection conn, IReadOnlyCollection<(long From, long To)> ranges, CancellationToken ct)
    {
        var leaves = new Dictionary<long, byte[]>();
        await using var cmd = new NpgsqlCommand(
            $"select c.leaf_index, c.leaf from unnest(@froms, @tos) r(f, t) join {LedgerStore.SchemaName}.{EventSeals.Table} c on c.leaf_index >= r.f and c.leaf_index < r.t", conn);
        cmd.Parameters.AddWithValue("froms", ranges.Select(r => r.From).ToArray());
        cmd.Parameters.AddWithValue("tos", ranges.Select(r => r.To).ToArray());
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) leaves[reader.GetInt64(0)] = reader.GetFieldValue<byte[]>(1);
        return leaves;
    }
}
