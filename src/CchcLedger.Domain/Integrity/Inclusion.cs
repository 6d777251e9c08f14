using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace CchcLedger.Domain.Integrity;

/// <summary>
/// A checkpoint as a verifier needs it (docs/integrity/checkpoints.md): its fields, <see cref="At"/> in the exact form the
/// signed text has (<c>yyyy-MM-ddTHH:mm:ss.ffffffZ</c>), and <see cref="Signed"/>, the six-line text itself.
/// </summary>
public sealed record SignedCheckpoint(long Sequence, string Head, long TreeSize, string Root, string At, string Signature, string KeyId, string Signed)
{
    public static SignedCheckpoint Of(ChainCheckpointed c)
    {
        var at = EventChain.Instant(c.At);
        return new(c.Sequence, c.Head, c.TreeSize, c.Root, at, c.Signature, c.KeyId, Checkpoint.Message(c.Sequence, c.Head, c.TreeSize, c.Root, at));
    }

    /// <summary>Null when <see cref="Signed"/> is the text of these fields and <paramref name="key"/> signed it; otherwise why not.</summary>
    public string? Check(ECDsa key)
    {
        if (Signed != Checkpoint.Message(Sequence, Head, TreeSize, Root, At)) return "the checkpoint's signed text is not the text of its fields";
        return Checkpoint.VerifyText(key, Signed, Signature) ? null : "the checkpoint is not signed by the trusted key";
    }
}

/// <summary>The chain link of the signed head: the last leaf of the signed tree (index tree size − 1) and the hash before it.</summary>
public sealed record HeadLink(long LeafIndex, string PreviousHash, string Leaf);

/// <summary>An event as hashed: its position in the tree and its fourteen fields exactly as they enter the canonical form (null: absent).</summary>
public sealed record ProofEvent(long LeafIndex, IReadOnlyList<string?> Fields)
{
    [System.Text.Json.Serialization.JsonIgnore] public long Sequence => long.Parse(Fields[0]!, CultureInfo.InvariantCulture);
    [System.Text.Json.Serialization.JsonIgnore] public string Stream => Fields[1]!;
    [System.Text.Json.Serialization.JsonIgnore] public long Version => long.Parse(Fields[2]!, CultureInfo.InvariantCulture);
    [System.Text.Json.Serialization.JsonIgnore] public string Type => Fields[3]!;
    [System.Text.Json.Serialization.JsonIgnore] public string Data => Fields[7]!;

    public static ProofEvent Of(long leafIndex, long sequence, string stream, long version, string type, DateTimeOffset timestamp, string? userName, string? headers,
        string data, EventMetadata meta) =>
        new(leafIndex, EventChain.Fields(sequence, stream, version, type, timestamp, userName, headers, data, meta));

    /// <summary>Null when the fields are well formed (fourteen, bare ones present and numeric where they must be).</summary>
    public string? Problem()
    {
        if (Fields.Count != 14) return $"an event has {Fields.Count} fields, not 14";
        if (EventChain.BareFields.Any(i => Fields[i] is null) || Fields[1] is null || Fields[3] is null || Fields[7] is null)
            return "an event lacks its sequence, stream, version, type, instant, data, id or archive flag";
        return long.TryParse(Fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out _) && long.TryParse(Fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out _)
            ? null : "an event's sequence or version is not a number";
    }
}

/// <summary>
/// Events shown to be in the ledger as signed by <see cref="Checkpoint"/> (docs/integrity/bundles.md): their leaves,
/// the head link and the hashes in <see cref="Nodes"/> (subtrees holding none of those leaves, keyed "start:count",
/// lower-case hex) give the signed root; the head link gives the signed head.
/// </summary>
public sealed record EventProof(SignedCheckpoint Checkpoint, HeadLink Head, IReadOnlyList<ProofEvent> Events, IReadOnlyDictionary<string, string> Nodes)
{
    /// <summary>Null when the proof holds under <paramref name="trustedKey"/>; otherwise why it does not.</summary>
    public string? Check(ECDsa trustedKey)
    {
        if (Checkpoint.Check(trustedKey) is { } unsigned) return unsigned;
        if (Events.Select(e => e.Problem()).FirstOrDefault(p => p is not null) is { } malformed) return malformed;
        if (Events.Any(e => e.LeafIndex < 0 || e.LeafIndex >= Checkpoint.TreeSize || e.Sequence > Checkpoint.Sequence))
            return "an event lies outside the signed tree";
        if (Events.Select(e => e.LeafIndex).Distinct().Count() != Events.Count) return "two events claim one position";
        if (Head.LeafIndex != Checkpoint.TreeSize - 1) return "the head link is not the last leaf of the signed tree";

        // Hashes are 64 lower-case hex digits (docs/integrity/bundles.md): any other form fails the step that uses it.
        if (!Integrity.Checkpoint.IsHash(Head.PreviousHash) || !Integrity.Checkpoint.IsHash(Head.Leaf))
            return "the head link's previousHash or leaf is not 64 lower-case hex digits";
        byte[] Hex(string hex) => Convert.FromHexString(hex);
        var leaves = Events.ToDictionary(e => e.LeafIndex, e => MerkleTree.Leaf(EventChain.Canonical(e.Fields)));
        if (leaves.TryGetValue(Head.LeafIndex, out var headLeaf) && Convert.ToHexStringLower(headLeaf) != Head.Leaf)
            return "the head link's leaf is not the leaf of the event at that position";
        if (Convert.ToHexStringLower(EventChain.Link(Hex(Head.PreviousHash), Hex(Head.Leaf))) != Checkpoint.Head)
            return "the head link does not hash to the signed head";
        leaves[Head.LeafIndex] = Hex(Head.Leaf);
        // A subtree hash in another form is no subtree hash: the walk that needs it finds none.
        var root = MerkleTree.RootFrom(Checkpoint.TreeSize, leaves,
            Nodes.Where(kv => Integrity.Checkpoint.IsHash(kv.Value)).ToDictionary(kv => kv.Key, kv => Hex(kv.Value)));
        if (root is null) return "the proof lacks a subtree hash";
        return Convert.ToHexStringLower(root) == Checkpoint.Root ? null : "the events do not give the signed root: one of them is not as the ledger holds it";
    }

    /// <summary>
    /// Null when the events of each stream are exactly its versions 1…n (n the given last version), in sequence order,
    /// at or before <paramref name="through"/>; otherwise the first gap, surplus or disorder.
    /// </summary>
    public string? Completeness(IEnumerable<StreamVersion> streams, long through)
    {
        var byStream = Events.GroupBy(e => e.Stream).ToDictionary(g => g.Key, g => g.OrderBy(e => e.Sequence).ToList(), StringComparer.Ordinal);
        foreach (var s in streams)
        {
            var events = byStream.GetValueOrDefault(s.Id)?.Where(e => e.Sequence <= through).ToList() ?? [];
            for (var v = 1; v <= Math.Max(s.Version, events.Count); v++)
            {
                if (v > events.Count) return $"stream {s.Id}: version {v} of {s.Version} is missing";
                if (events[v - 1].Version != v) return $"stream {s.Id}: version {v} of {s.Version} is missing (found version {events[v - 1].Version} in its place)";
                if (v > s.Version) return $"stream {s.Id}: version {v} lies beyond its committed last version {s.Version}";
            }
        }
        return null;
    }
}

/// <summary>A stream and its last version at a cut (a publication's <c>throughSequence</c>, a proof's checkpoint).</summary>
public sealed record StreamVersion(string Id, long Version);
