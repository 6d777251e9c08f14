using System.Security.Cryptography;

namespace CchcLedger.Domain.Integrity;

/// <summary>An event as stored (data and headers as PostgreSQL renders the jsonb), and its leaf's position in the Merkle tree.</summary>
public sealed record ProvenEvent(long Sequence, long LeafIndex, string Stream, long Version, string Type, DateTimeOffset Timestamp, string? UserName, string? Headers, string Data,
    EventMetadata Meta)
{
    public string Canonical() => EventChain.Canonical(Sequence, Stream, Version, Type, Timestamp, UserName, Headers, Data, Meta);
}

/// <summary>
/// Events shown to be in the ledger as signed by <see cref="Checkpoint"/>: with the hashes in <see cref="Nodes"/>
/// (the subtrees that hold none of them, keyed "from:size", lower-case hex), their leaves give the signed root.
/// </summary>
public sealed record EventProof(ChainCheckpointed Checkpoint, IReadOnlyList<ProvenEvent> Events, IReadOnlyDictionary<string, string> Nodes)
{
    /// <summary>Null when the proof holds under <paramref name="publicKey"/>; otherwise why it does not.</summary>
    public string? Check(ECDsa publicKey)
    {
        if (!Integrity.Checkpoint.Verify(publicKey, Checkpoint)) return "the checkpoint is not signed by the given key";
        if (Events.Any(e => e.LeafIndex < 0 || e.LeafIndex >= Checkpoint.TreeSize || e.Sequence > Checkpoint.Sequence))
            return "an event lies outside the signed tree";
        if (Events.Select(e => e.LeafIndex).Distinct().Count() != Events.Count) return "two events claim one position";
        var leaves = Events.ToDictionary(e => e.LeafIndex, e => MerkleTree.Leaf(e.Canonical()));
        byte[] nodeHash(string hex) => Convert.FromHexString(hex);
        var root = MerkleTree.RootFrom(Checkpoint.TreeSize, leaves, Nodes.ToDictionary(kv => kv.Key, kv => nodeHash(kv.Value)));
        if (root is null) return "the proof lacks a subtree hash";
        return Convert.ToHexStringLower(root) == Checkpoint.Root ? null : "the events do not give the signed root: one of them is not as the ledger holds it";
    }
}
