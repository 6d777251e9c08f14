using System.Security.Cryptography;

namespace CchcLedger.Domain.Integrity;

/// <summary>
/// The Merkle tree of RFC 6962 (certificate transparency) over the ledger's events in sequence order: a leaf is
/// SHA-256(0x00 ‖ canonical form), a node SHA-256(0x01 ‖ left ‖ right), the left subtree always the largest power of
/// two. A checkpoint signs the root of the first n events, so one event is shown to be in the ledger by about
/// log₂ n hashes (an audit path), without the rest of the ledger.
/// </summary>
public static class MerkleTree
{
    public static byte[] Leaf(string canonical)
    {
        var text = System.Text.Encoding.UTF8.GetBytes(canonical);
        var input = new byte[text.Length + 1];
        text.CopyTo(input, 1);
        return SHA256.HashData(input);
    }

    public static byte[] Node(byte[] left, byte[] right)
    {
        var input = new byte[65];
        input[0] = 1;
        left.CopyTo(input, 1);
        right.CopyTo(input, 33);
        return SHA256.HashData(input);
    }

    /// <summary>The root of the leaves, in one pass.</summary>
    public static byte[] Root(IEnumerable<byte[]> leaves)
    {
        var builder = new Builder();
        foreach (var leaf in leaves) builder.Add(leaf);
        return builder.Root();
    }

    /// <summary>Leaves added in order; perfect subtrees are merged as they complete, and the root folds them from the right.</summary>
    public sealed class Builder
    {
        private readonly List<(long Size, byte[] Hash)> _stack = [];

        public long Size { get; private set; }

        public void Add(byte[] leaf)
        {
            var (size, hash) = (1L, leaf);
            while (_stack.Count > 0 && _stack[^1].Size == size)
            {
                hash = Node(_stack[^1].Hash, hash);
                size *= 2;
                _stack.RemoveAt(_stack.Count - 1);
            }
            _stack.Add((size, hash));
            Size++;
        }

        public byte[] Root()
        {
            if (_stack.Count == 0) return SHA256.HashData([]);
            var root = _stack[^1].Hash;
            for (var i = _stack.Count - 2; i >= 0; i--) root = Node(_stack[i].Hash, root);
            return root;
        }
    }

    /// <summary>The audit paths of the leaves at <paramref name="indexes"/> in the tree of all <paramref name="leaves"/>.</summary>
    public static IReadOnlyDictionary<int, IReadOnlyList<byte[]>> Paths(IReadOnlyList<byte[]> leaves, IEnumerable<int> indexes)
    {
        var wanted = indexes.Distinct().Order().ToArray();
        var paths = wanted.ToDictionary(i => i, _ => new List<byte[]>());
        if (leaves.Count > 0) Subtree(leaves, 0, leaves.Count, wanted, 0, wanted.Length, paths);
        return paths.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<byte[]>)kv.Value);
    }

    // The hash of leaves[from..to); each wanted leaf in it (wanted[lo..hi), sorted) gets its sibling hashes, bottom first.
    private static byte[] Subtree(IReadOnlyList<byte[]> leaves, int from, int to, int[] wanted, int lo, int hi, Dictionary<int, List<byte[]>> paths)
    {
        if (to - from == 1) return leaves[from];
        var k = 1;
        while (k * 2 < to - from) k *= 2;
        var mid = lo;
        while (mid < hi && wanted[mid] < from + k) mid++;
        var left = Subtree(leaves, from, from + k, wanted, lo, mid, paths);
        var right = Subtree(leaves, from + k, to, wanted, mid, hi, paths);
        for (var i = lo; i < mid; i++) paths[wanted[i]].Add(right);
        for (var i = mid; i < hi; i++) paths[wanted[i]].Add(left);
        return Node(left, right);
    }

    /// <summary>
    /// A multiproof: the hashes of the largest subtrees, keyed "from:size", that hold none of the <paramref name="included"/>
    /// leaves. With those leaves (computed from the events themselves) they give the root, so many events share one proof.
    /// </summary>
    public static IReadOnlyDictionary<string, byte[]> MultiProof(IReadOnlyList<byte[]> leaves, IEnumerable<int> included)
    {
        var wanted = included.Distinct().Order().ToArray();
        var nodes = new Dictionary<string, byte[]>();
        (byte[] Hash, bool Holds) Walk(int from, int to, int lo, int hi)
        {
            if (to - from == 1) return (leaves[from], hi > lo);
            var k = 1;
            while (k * 2 < to - from) k *= 2;
            var mid = lo;
            while (mid < hi && wanted[mid] < from + k) mid++;
            var (left, leftHolds) = Walk(from, from + k, lo, mid);
            var (right, rightHolds) = Walk(from + k, to, mid, hi);
            if (leftHolds && !rightHolds) nodes[$"{from + k}:{to - from - k}"] = right;
            if (rightHolds && !leftHolds) nodes[$"{from}:{k}"] = left;
            return (Node(left, right), leftHolds || rightHolds);
        }
        if (leaves.Count > 0) Walk(0, leaves.Count, 0, wanted.Length);
        return nodes;
    }

    /// <summary>
    /// Where the hashes of a <see cref="MultiProof"/> go, without the leaves: the largest subtrees (start, count) of a tree
    /// of <paramref name="size"/> leaves that hold none of the <paramref name="included"/> leaves, in the order a walk meets them.
    /// </summary>
    public static IReadOnlyList<(long Start, long Count)> ProofSubtrees(long size, IEnumerable<long> included)
    {
        var wanted = included.Distinct().Order().ToArray();
        var subtrees = new List<(long, long)>();
        bool Holds(long from, long count)
        {
            var at = Array.BinarySearch(wanted, from);
            if (at < 0) at = ~at;
            return at < wanted.Length && wanted[at] < from + count;
        }
        void Walk(long from, long count)
        {
            if (!Holds(from, count)) { subtrees.Add((from, count)); return; }
            if (count == 1) return;
            var k = 1L;
            while (k * 2 < count) k *= 2;
            Walk(from, k);
            Walk(from + k, count - k);
        }
        if (size > 0 && wanted.Length > 0) Walk(0, size);
        return subtrees;
    }

    /// <summary>
    /// The root of a tree of <paramref name="size"/> leaves from some of its leaves (by index) and a <see cref="MultiProof"/>;
    /// null when they do not suffice. A given node is used only for a subtree that holds none of the leaves, so every
    /// leaf counts in the root: a proof cannot stand in for the events it is meant to prove.
    /// </summary>
    public static byte[]? RootFrom(long size, IReadOnlyDictionary<long, byte[]> leaves, IReadOnlyDictionary<string, byte[]> nodes)
    {
        var indexes = leaves.Keys.Order().ToArray();
        bool Holds(long from, long count)
        {
            var at = Array.BinarySearch(indexes, from);
            if (at < 0) at = ~at;
            return at < indexes.Length && indexes[at] < from + count;
        }
        byte[]? Walk(long from, long count)
        {
            if (!Holds(from, count)) return nodes.GetValueOrDefault($"{from}:{count}");
            if (count == 1) return leaves[from];
            var k = 1L;
            while (k * 2 < count) k *= 2;
            return Walk(from, k) is { } left && Walk(from + k, count - k) is { } right ? Node(left, right) : null;
        }
        return size > 0 ? Walk(0, size) : null;
    }

    /// <summary>RFC 9162 §2.1.3.2: whether <paramref name="leaf"/> at <paramref name="index"/> is in the tree of <paramref name="size"/> leaves with <paramref name="root"/>.</summary>
    public static bool Verify(byte[] leaf, long index, long size, IReadOnlyList<byte[]> path, byte[] root)
    {
        if (index < 0 || index >= size) return false;
        var (fn, sn, r) = (index, size - 1, leaf);
        foreach (var p in path)
        {
            if (sn == 0) return false;
            if ((fn & 1) == 1 || fn == sn)
            {
                r = Node(p, r);
                if ((fn & 1) == 0)
                    while ((fn & 1) == 0 && fn != 0) { fn >>= 1; sn >>= 1; }
            }
            else r = Node(r, p);
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && r.AsSpan().SequenceEqual(root);
    }
}
