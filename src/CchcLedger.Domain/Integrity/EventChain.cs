using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace CchcLedger.Domain.Integrity;

/// <summary>An event as stored, with the seal the database gave it; a side is null when its row is gone.</summary>
public sealed record StoredEvent(
    long Sequence,
    string? Stream,
    long? Version,
    string? Type,
    DateTimeOffset? Timestamp,
    string? UserName,
    string? Headers,
    string? Data,
    byte[]? PreviousHash,
    byte[]? Hash,
    byte[]? Leaf = null,
    EventMetadata? Meta = null)
{
    public bool HasEvent => Stream is not null;
    public bool HasSeal => Hash is not null;
}

/// <summary>The rest of an event's stored row: its id, correlation and causation, .NET type, tenant and archive flag.</summary>
public sealed record EventMetadata(Guid Id, string? CorrelationId = null, string? CausationId = null, string? DotnetType = null, string? TenantId = "*DEFAULT*", bool Archived = false)
{
    public static readonly EventMetadata Default = new(Guid.Empty);
}

/// <summary>Where the chain first breaks: <see cref="Kind"/> is altered, missing, inserted or reordered.</summary>
public sealed record ChainFailure(long Sequence, string? Stream, string Kind, string Detail);

public sealed record ChainReport(bool Ok, long EventsChecked, int CheckpointsChecked, ChainFailure? FirstFailure);

/// <summary>
/// The hash chain over every event. Each event's leaf is SHA-256(0x00 ‖ canonical form) (a leaf of
/// <see cref="MerkleTree"/>), its hash SHA-256(previous hash ‖ leaf), the first event's previous hash 32 zero bytes.
/// The canonical form is the UTF-8 text of fourteen fields joined by a line feed: sequence, stream, version, type,
/// recorded instant (UTC, six fractional digits, Z), user name, headers, data, id, correlation id, causation id,
/// .NET type, tenant, archived (true or false); the text fields written as their UTF-8 byte length, a colon and the
/// text (a missing value as <c>~</c>); headers and data as PostgreSQL renders the stored jsonb, the id as PostgreSQL
/// renders a uuid. The database computes it when an event is appended (see the README);
/// this is the independent recomputation.
/// </summary>
public static class EventChain
{
    public static readonly byte[] Genesis = new byte[32];

    public static string Canonical(long sequence, string stream, long version, string type, DateTimeOffset timestamp, string? userName, string? headers, string data,
        EventMetadata meta) =>
        string.Join('\n',
            sequence.ToString(CultureInfo.InvariantCulture),
            Field(stream),
            version.ToString(CultureInfo.InvariantCulture),
            Field(type),
            timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
            Field(userName),
            Field(headers),
            Field(data),
            meta.Id.ToString("D"),
            Field(meta.CorrelationId),
            Field(meta.CausationId),
            Field(meta.DotnetType),
            Field(meta.TenantId),
            meta.Archived ? "true" : "false");

    public static byte[] Seal(byte[] previous, string canonical) => Link(previous, MerkleTree.Leaf(canonical));

    public static byte[] Link(byte[] previous, byte[] leaf)
    {
        var input = new byte[64];
        previous.CopyTo(input, 0);
        leaf.CopyTo(input, 32);
        return SHA256.HashData(input);
    }

    private static string Field(string? value) => value is null ? "~" : $"{Encoding.UTF8.GetByteCount(value)}:{value}";

    /// <summary>Checks events in sequence order, one at a time, so a ledger of millions needs no more memory than its streams' versions.</summary>
    public sealed class Verifier
    {
        private readonly Dictionary<string, long> _versions = new(StringComparer.Ordinal);
        private readonly HashSet<long> _watched;
        private readonly Dictionary<long, (byte[] Head, long Size, byte[] Root)> _marks = new();
        private readonly MerkleTree.Builder _tree = new();

        /// <param name="watch">Sequences whose hashes to keep (the checkpoints'), for <see cref="CheckCheckpoints"/>.</param>
        public Verifier(IEnumerable<long>? watch = null) => _watched = [.. watch ?? []];
        private byte[] _previous = Genesis;
        private DateTimeOffset _lastInstant = DateTimeOffset.MinValue;

        public long EventsChecked { get; private set; }
        public ChainFailure? FirstFailure { get; private set; }

        public ChainReport Report => new(FirstFailure is null, EventsChecked, 0, FirstFailure);

        /// <summary>Names the first failure more precisely, once its cause is known (an event sealed at another position).</summary>
        public void Reclassify(ChainFailure failure) => FirstFailure = FirstFailure is null ? null : failure;

        /// <summary>The head so far: the last sealed hash accepted.</summary>
        public byte[] Head => _previous;

        /// <returns>False once the chain has failed: nothing after the first failure is trusted.</returns>
        public bool Add(StoredEvent e)
        {
            if (FirstFailure is not null) return false;
            FirstFailure = Check(e);
            if (FirstFailure is not null) return false;
            EventsChecked++;
            _previous = e.Hash!;
            _versions[e.Stream!] = e.Version!.Value;
            _lastInstant = e.Timestamp!.Value;
            if (_watched.Contains(e.Sequence)) _marks[e.Sequence] = (e.Hash!, _tree.Size, _tree.Root());
            return true;
        }

        /// <summary>
        /// After the whole chain verified: every checkpoint must be signed by <paramref name="publicKey"/> and the chain
        /// must pass through it. A chain that verifies on its own but misses a signed head was rewritten, seals and all,
        /// somewhere after the previous checkpoint it does pass through.
        /// </summary>
        public ChainReport CheckCheckpoints(IEnumerable<(ChainCheckpointed Checkpoint, string Source)> checkpoints, System.Security.Cryptography.ECDsa publicKey)
        {
            if (FirstFailure is not null) return Report;
            var checkedCount = 0;
            long passed = 0;
            foreach (var (c, source) in checkpoints.OrderBy(c => c.Checkpoint.Sequence))
            {
                ChainFailure? failure = null;
                if (!Checkpoint.Verify(publicKey, c))
                    failure = new(c.Sequence, null, "altered", $"the checkpoint at sequence {c.Sequence} ({source}) is not signed by the ledger's key");
                else if (!_marks.TryGetValue(c.Sequence, out var mark))
                    failure = new(c.Sequence, null, "missing", $"the checkpoint signed at {c.At:O} ({source}) covers sequence {c.Sequence}, which the ledger no longer holds");
                else if (!Convert.ToHexStringLower(mark.Head).Equals(c.Head, StringComparison.Ordinal) || mark.Size != c.TreeSize
                         || !Convert.ToHexStringLower(mark.Root).Equals(c.Root, StringComparison.Ordinal))
                    failure = new(c.Sequence, null, "altered", $"the chain through sequence {c.Sequence} is not the one signed at {c.At:O} ({source}): " +
                                                              $"an event after sequence {passed} was changed, removed or added, and the seals recomputed");
                if (failure is not null) return new(false, EventsChecked, checkedCount, failure);
                checkedCount++;
                passed = c.Sequence;
            }
            return new(true, EventsChecked, checkedCount, null);
        }

        private ChainFailure? Check(StoredEvent e)
        {
            if (!e.HasSeal) return new(e.Sequence, e.Stream, "inserted", "the event has no seal: it did not enter the ledger through the chain");
            if (!e.HasEvent) return new(e.Sequence, null, "missing", "the chain seals an event that is no longer stored");
            var last = _versions.GetValueOrDefault(e.Stream!);
            if (e.Timestamp < _lastInstant || e.Version <= last)
                return new(e.Sequence, e.Stream, "reordered", $"version {e.Version} at {e.Timestamp:O} after version {last} at {_lastInstant:O}: the sequence order is broken");
            if (e.Version > last + 1)
                return new(e.Sequence, e.Stream, "missing", $"version {e.Version} follows version {last}: an event of the stream is gone");
            if (!e.PreviousHash!.AsSpan().SequenceEqual(_previous))
                return new(e.Sequence, e.Stream, "missing", "the seal does not link to the previous event's: the chain skips a link");
            var leaf = MerkleTree.Leaf(Canonical(e.Sequence, e.Stream!, e.Version!.Value, e.Type!, e.Timestamp!.Value, e.UserName, e.Headers, e.Data!, e.Meta ?? EventMetadata.Default));
            if (!Link(_previous, leaf).AsSpan().SequenceEqual(e.Hash) || e.Leaf is { } stored && !stored.AsSpan().SequenceEqual(leaf))
                return new(e.Sequence, e.Stream, "altered", "the stored event no longer hashes to its seal");
            _tree.Add(leaf);
            return null;
        }
    }
}
