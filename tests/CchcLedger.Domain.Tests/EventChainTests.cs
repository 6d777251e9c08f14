using System.Security.Cryptography;
using System.Text;
using CchcLedger.Domain.Integrity;

namespace CchcLedger.Domain.Tests;

public class EventChainTests
{
    private static readonly DateTimeOffset At = new(2018, 1, 15, 2, 3, 4, TimeSpan.Zero);

    /// <summary>Three events of two streams, sealed as the database seals them.</summary>
    private static List<StoredEvent> Chain()
    {
        var events = new List<StoredEvent>();
        var previous = EventChain.Genesis;
        foreach (var (seq, stream, version, data) in new[] { (1L, "agency-huu-lung", 1L, "{\"name\": \"UBND huyện Hữu Lũng\"}"), (2, "agency-van-quan", 1, "{}"), (4, "agency-huu-lung", 2, "{\"x\": 1}") })
        {
            var hash = EventChain.Seal(previous, EventChain.Canonical(seq, stream, version, "agency_registered", At.AddSeconds(seq), "Cán bộ", null, data, EventMetadata.Default));
            events.Add(new(seq, stream, version, "agency_registered", At.AddSeconds(seq), "Cán bộ", null, data, previous, hash));
            previous = hash;
        }
        return events;
    }

    private static ChainReport Verify(IEnumerable<StoredEvent> events)
    {
        var verifier = new EventChain.Verifier();
        foreach (var e in events) if (!verifier.Add(e)) break;
        return verifier.Report;
    }

    [Fact]
    public void the_canonical_form_is_the_documented_one_and_the_hash_covers_the_previous_hash()
    {
        var meta = new EventMetadata(Guid.Parse("0b6f2a0e-8f4e-4c1a-9d3b-2c7e5f1a9b00"), CorrelationId: "req-1");
        var canonical = EventChain.Canonical(7, "agency-huu-lung", 2, "agency_renamed", At.AddTicks(1234560), "Cán bộ", null, "{\"a\": 1}", meta);
        Assert.Equal("7\n15:agency-huu-lung\n2\n14:agency_renamed\n2018-01-15T02:03:04.123456Z\n9:Cán bộ\n~\n8:{\"a\": 1}\n" +
                     "0b6f2a0e-8f4e-4c1a-9d3b-2c7e5f1a9b00\n5:req-1\n~\n~\n9:*DEFAULT*\nfalse", canonical);
        var leaf = SHA256.HashData([0x00, .. Encoding.UTF8.GetBytes(canonical)]);
        Assert.Equal(leaf, MerkleTree.Leaf(canonical));
        Assert.Equal(SHA256.HashData([.. EventChain.Genesis, .. leaf]), EventChain.Seal(EventChain.Genesis, canonical));
    }

    [Fact]
    public void an_untouched_chain_verifies_gaps_in_the_sequence_included()
    {
        var report = Verify(Chain());
        Assert.Equal((true, 3L), (report.Ok, report.EventsChecked));
    }

    [Fact]
    public void each_kind_of_tampering_is_named_at_its_sequence()
    {
        var chain = Chain();
        ChainFailure Failure(List<StoredEvent> events) => Verify(events).FirstFailure!;

        Assert.Equal((2L, "altered"), (Failure([chain[0], chain[1] with { Data = "{\"y\": 2}" }, chain[2]]) is var a ? (a.Sequence, a.Kind) : default));
        Assert.Equal((2L, "altered"), (Failure([chain[0], chain[1] with { UserName = "Người khác" }, chain[2]]) is var b ? (b.Sequence, b.Kind) : default));
        Assert.Equal((2L, "missing"), (Failure([chain[0], chain[1] with { Stream = null, Version = null, Type = null, Timestamp = null, Data = null }, chain[2]]) is var c ? (c.Sequence, c.Kind) : default));
        Assert.Equal((3L, "inserted"), (Failure([chain[0], chain[1], new(3, "agency-van-quan", 2, "agency_renamed", At.AddSeconds(3), "Giả", null, "{}", null, null), chain[2]]) is var d ? (d.Sequence, d.Kind) : default));
        Assert.Equal((4L, "missing"), (Failure([chain[0], chain[2]]) is var e ? (e.Sequence, e.Kind) : default));   // a whole row pair removed
        // Events renumbered back in time: the stream's versions (or the instants) go backwards.
        Assert.Equal((4L, "reordered"), (Failure([chain[0], chain[1], chain[0] with { Sequence = 4, PreviousHash = chain[2].PreviousHash, Hash = chain[2].Hash }]) is var f ? (f.Sequence, f.Kind) : default));
        // Two contents swapped under seals that stayed in place: the streaming check sees an altered event; EventSeals then
        // finds the seal the content belongs to and reports it reordered (TamperTests).
        var swapped = chain[1] with { Stream = chain[2].Stream, Version = chain[2].Version, Timestamp = chain[2].Timestamp, Data = chain[2].Data };
        Assert.Equal((2L, "altered"), (Failure([chain[0], swapped]) is var g ? (g.Sequence, g.Kind) : default));
    }

    [Fact]
    public void a_checkpoint_binds_sequence_head_and_instant_to_the_key_and_the_chain_must_pass_through_it()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var chain = Chain();
        var root = MerkleTree.Root(chain.Take(2).Select(e => MerkleTree.Leaf(EventChain.Canonical(e.Sequence, e.Stream!, e.Version!.Value, e.Type!, e.Timestamp!.Value, e.UserName, e.Headers, e.Data!, EventMetadata.Default))));
        var checkpoint = Checkpoint.Sign(key, 2, chain[1].Hash!, 2, root, At);
        Assert.Equal($"cchc-ledger checkpoint\n2\n{Convert.ToHexStringLower(chain[1].Hash!)}\n2\n{Convert.ToHexStringLower(root)}\n2018-01-15T02:03:04.000000Z",
            Checkpoint.Message(2, checkpoint.Head, 2, checkpoint.Root, At));
        Assert.True(Checkpoint.Verify(key, checkpoint));
        Assert.False(Checkpoint.Verify(other, checkpoint));
        Assert.False(Checkpoint.Verify(key, checkpoint with { Sequence = 1 }));

        ChainReport Check(List<StoredEvent> events, ECDsa publicKey)
        {
            var verifier = new EventChain.Verifier([checkpoint.Sequence]);
            foreach (var e in events) verifier.Add(e);
            return verifier.CheckCheckpoints([(checkpoint, "test")], publicKey);
        }
        Assert.Equal((true, 1), (Check(chain, key).Ok, Check(chain, key).CheckpointsChecked));
        Assert.Equal("altered", Check(chain, other).FirstFailure!.Kind);

        // The same events with event 2 changed and every seal recomputed: the chain holds, the checkpoint does not.
        var rewritten = new List<StoredEvent>();
        var previous = EventChain.Genesis;
        foreach (var e in chain.Select((e, i) => i == 1 ? e with { Data = "{\"forged\": true}" } : e))
        {
            var hash = EventChain.Seal(previous, EventChain.Canonical(e.Sequence, e.Stream!, e.Version!.Value, e.Type!, e.Timestamp!.Value, e.UserName, e.Headers, e.Data!, EventMetadata.Default));
            rewritten.Add(e with { PreviousHash = previous, Hash = hash });
            previous = hash;
        }
        Assert.True(Verify(rewritten).Ok);
        Assert.Equal((2L, "altered"), (Check(rewritten, key).FirstFailure!.Sequence, Check(rewritten, key).FirstFailure!.Kind));
    }

    /// <summary>RFC 6962's definition, recursively, to check the one-pass root and the audit paths against.</summary>
    private static byte[] Reference(IReadOnlyList<byte[]> leaves)
    {
        if (leaves.Count == 1) return leaves[0];
        var k = 1;
        while (k * 2 < leaves.Count) k *= 2;
        return MerkleTree.Node(Reference(leaves.Take(k).ToList()), Reference(leaves.Skip(k).ToList()));
    }

    [Fact]
    public void merkle_roots_follow_rfc_6962_and_every_audit_path_proves_its_leaf_and_no_other()
    {
        for (var n = 1; n <= 21; n++)
        {
            var leaves = Enumerable.Range(0, n).Select(i => MerkleTree.Leaf($"sự kiện {i}")).ToList();
            var root = MerkleTree.Root(leaves);
            Assert.Equal(Reference(leaves), root);
            var paths = MerkleTree.Paths(leaves, Enumerable.Range(0, n));
            for (var i = 0; i < n; i++)
            {
                Assert.True(MerkleTree.Verify(leaves[i], i, n, paths[i], root), $"leaf {i} of {n}");
                Assert.False(MerkleTree.Verify(MerkleTree.Leaf("giả mạo"), i, n, paths[i], root));
                if (n > 1) Assert.False(MerkleTree.Verify(leaves[i], (i + 1) % n, n, paths[i], root));
            }
        }
    }
}
