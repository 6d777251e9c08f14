using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace CchcLedger.Domain.Integrity;

/// <summary>
/// An event as stored, with the seal the database gave it; a side is null when its row is gone. <see cref="Mac"/> is
/// the application's MAC of the leaf (null when none was stored); <see cref="Unsealed"/> says the row holds a value
/// in a column outside the sealed form (such as <c>bdata</c>), which the seal refuses at insert.
/// </summary>
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
    EventMetadata? Meta = null,
    byte[]? Mac = null,
    bool Unsealed = false,
    Utf8Text? Utf8 = null)
{
    public bool HasEvent => Stream is not null;
    public bool HasSeal => Hash is not null;

    /// <summary>The event with its text fields as strings, for a reader that took them as bytes (<see cref="Utf8"/>).</summary>
    public StoredEvent Decoded()
    {
        if (Utf8 is not { } u) return this;
        static string? S(byte[]? b) => b is null ? null : Encoding.UTF8.GetString(b);
        return this with
        {
            Type = S(u.Type), UserName = S(u.UserName), Headers = S(u.Headers), Data = S(u.Data), Utf8 = null,
            Meta = (Meta ?? EventMetadata.Default) with { CorrelationId = S(u.CorrelationId), CausationId = S(u.CausationId), DotnetType = S(u.DotnetType), TenantId = S(u.TenantId) },
        };
    }
}

/// <summary>
/// An event's text fields as the database's UTF-8 bytes (type, user name, headers, data, correlation and causation
/// ids, .NET type, tenant): the verifier hashes them as they come, with no string decoded and encoded again.
/// </summary>
public sealed record Utf8Text(byte[]? Type, byte[]? UserName, byte[]? Headers, byte[]? Data, byte[]? CorrelationId, byte[]? CausationId, byte[]? DotnetType,
    byte[]? TenantId);

/// <summary>
/// The rest of an event's stored row: its id, correlation and causation, .NET type, tenant and archive flag.
/// <see cref="Archived"/> is null only for a row changed after it was sealed: the seal refuses a NULL flag.
/// </summary>
public sealed record EventMetadata(Guid Id, string? CorrelationId = null, string? CausationId = null, string? DotnetType = null, string? TenantId = "*DEFAULT*", bool? Archived = false)
{
    public static readonly EventMetadata Default = new(Guid.Empty);
}

/// <summary>Where the chain first breaks: <see cref="Kind"/> is altered, missing, inserted, reordered, unauthenticated or projection.</summary>
public sealed record ChainFailure(long Sequence, string? Stream, string Kind, string Detail);

/// <summary>
/// What verification found. <see cref="MacsFrom"/> is the sequence from which every event must carry a valid MAC of the
/// application's key (null when no MAC key was given); <see cref="MacsChecked"/> how many did.
/// </summary>
public sealed record ChainReport(bool Ok, long EventsChecked, int CheckpointsChecked, ChainFailure? FirstFailure, long? MacsFrom = null,
    long MacsChecked = 0, int DocumentsChecked = 0);

/// <summary>
/// The hash chain over every event: the canonical form, leaf and link are specified in docs/integrity/event-form.md.
/// Each event's leaf is SHA-256(0x00 ‖ canonical form) (a leaf of <see cref="MerkleTree"/>), its hash
/// SHA-256(previous hash ‖ leaf), the first event's previous hash 32 zero bytes. The canonical form is fourteen
/// fields joined by a line feed; <see cref="Fields"/> gives each field's text exactly as it is hashed. The database
/// computes it when an event is appended (the seal trigger); this is the independent recomputation.
/// </summary>
public static class EventChain
{
    public static readonly byte[] Genesis = new byte[32];

    /// <summary>Fields written bare (never null, never length-prefixed), by zero-based position: sequence, version, instant, id, archived.</summary>
    public static readonly IReadOnlySet<int> BareFields = new HashSet<int> { 0, 2, 4, 8, 13 };

    public const string InstantFormat = "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'";

    public static string Instant(DateTimeOffset t) => t.UtcDateTime.ToString(InstantFormat, CultureInfo.InvariantCulture);

    /// <summary>The fourteen fields of an event as they enter the canonical form, before length prefixes; null where absent.</summary>
    public static string?[] Fields(long sequence, string stream, long version, string type, DateTimeOffset timestamp, string? userName, string? headers, string data,
        EventMetadata meta) =>
    [
        sequence.ToString(CultureInfo.InvariantCulture), stream, version.ToString(CultureInfo.InvariantCulture), type, Instant(timestamp),
        userName, headers, data, meta.Id.ToString("D"), meta.CorrelationId, meta.CausationId, meta.DotnetType, meta.TenantId,
        meta.Archived switch { true => "true", false => "false", null => null },
    ];

    public static string Canonical(long sequence, string stream, long version, string type, DateTimeOffset timestamp, string? userName, string? headers, string data,
        EventMetadata meta) => Canonical(Fields(sequence, stream, version, type, timestamp, userName, headers, data, meta));

    /// <summary>
    /// The canonical form from the fields: bare fields as they are, the others as their UTF-8 byte length, a colon
    /// and the text; an absent field as <c>~</c> (a bare field is never absent in a sealed event: <c>~</c> then makes it fail).
    /// </summary>
    public static string Canonical(IReadOnlyList<string?> fields)
    {
        var text = new StringBuilder();
        for (var i = 0; i < fields.Count; i++)
        {
            if (i > 0) text.Append('\n');
            var value = fields[i];
            if (value is null) text.Append('~');
            else if (BareFields.Contains(i)) text.Append(value);
            else text.Append(Encoding.UTF8.GetByteCount(value)).Append(':').Append(value);
        }
        return text.ToString();
    }

    public static byte[] Seal(byte[] previous, string canonical) => Link(previous, MerkleTree.Leaf(canonical));

    public static byte[] Link(byte[] previous, byte[] leaf)
    {
        Span<byte> input = stackalloc byte[64];
        previous.CopyTo(input);
        leaf.CopyTo(input[32..]);
        return SHA256.HashData(input);
    }

    /// <summary>
    /// The leaf of an event, written straight into a reused buffer: the same bytes as <see cref="MerkleTree.Leaf"/> of
    /// <see cref="Canonical(long,string,long,string,DateTimeOffset,string?,string?,string,EventMetadata)"/>, without a
    /// string per event (the verifier hashes millions).
    /// </summary>
    public sealed class LeafWriter
    {
        private byte[] _buffer = new byte[4096];
        private int _length;

        public byte[] Leaf(StoredEvent e)
        {
            if (e.Utf8 is { } u) return Leaf(e, u);
            var meta = e.Meta ?? EventMetadata.Default;
            _length = 0;
            Byte(0x00);
            Number(e.Sequence); Byte((byte)'\n');
            Text(e.Stream); Byte((byte)'\n');
            Number(e.Version!.Value); Byte((byte)'\n');
            Text(e.Type); Byte((byte)'\n');
            Ascii(Instant(e.Timestamp!.Value)); Byte((byte)'\n');
            Text(e.UserName); Byte((byte)'\n');
            Text(e.Headers); Byte((byte)'\n');
            Text(e.Data); Byte((byte)'\n');
            Ensure(36);
            meta.Id.TryFormat(_buffer.AsSpan(_length), out var written, "D");
            _length += written; Byte((byte)'\n');
            Text(meta.CorrelationId); Byte((byte)'\n');
            Text(meta.CausationId); Byte((byte)'\n');
            Text(meta.DotnetType); Byte((byte)'\n');
            Text(meta.TenantId); Byte((byte)'\n');
            Ascii(meta.Archived switch { true => "true", false => "false", null => "~" });
            return SHA256.HashData(_buffer.AsSpan(0, _length));
        }

        private byte[] Leaf(StoredEvent e, Utf8Text u)
        {
            var meta = e.Meta ?? EventMetadata.Default;
            _length = 0;
            Byte(0x00);
            Number(e.Sequence); Byte((byte)'\n');
            Text(e.Stream); Byte((byte)'\n');
            Number(e.Version!.Value); Byte((byte)'\n');
            Bytes(u.Type); Byte((byte)'\n');
            Ascii(Instant(e.Timestamp!.Value)); Byte((byte)'\n');
            Bytes(u.UserName); Byte((byte)'\n');
            Bytes(u.Headers); Byte((byte)'\n');
            Bytes(u.Data); Byte((byte)'\n');
            Ensure(36);
            meta.Id.TryFormat(_buffer.AsSpan(_length), out var written, "D");
            _length += written; Byte((byte)'\n');
            Bytes(u.CorrelationId); Byte((byte)'\n');
            Bytes(u.CausationId); Byte((byte)'\n');
            Bytes(u.DotnetType); Byte((byte)'\n');
            Bytes(u.TenantId); Byte((byte)'\n');
            Ascii(meta.Archived switch { true => "true", false => "false", null => "~" });
            return SHA256.HashData(_buffer.AsSpan(0, _length));
        }

        private void Bytes(byte[]? b)
        {
            if (b is null) { Byte((byte)'~'); return; }
            Number(b.Length);
            Byte((byte)':');
            Ensure(b.Length);
            b.CopyTo(_buffer, _length);
            _length += b.Length;
        }

        private void Byte(byte b)
        {
            Ensure(1);
            _buffer[_length++] = b;
        }

        private void Number(long n)
        {
            Ensure(20);
            n.TryFormat(_buffer.AsSpan(_length), out var written, default, CultureInfo.InvariantCulture);
            _length += written;
        }

        private void Ascii(string s)
        {
            Ensure(s.Length);
            _length += Encoding.ASCII.GetBytes(s, _buffer.AsSpan(_length));
        }

        private void Text(string? s)
        {
            if (s is null) { Byte((byte)'~'); return; }
            var count = Encoding.UTF8.GetByteCount(s);
            Number(count);
            Byte((byte)':');
            Ensure(count);
            _length += Encoding.UTF8.GetBytes(s, _buffer.AsSpan(_length));
        }

        private void Ensure(int more)
        {
            if (_length + more <= _buffer.Length) return;
            var bigger = new byte[Math.Max(_buffer.Length * 2, _length + more)];
            _buffer.AsSpan(0, _length).CopyTo(bigger);
            _buffer = bigger;
        }
    }

    /// <summary>Checks events in sequence order, one at a time, so a ledger of millions needs no more memory than its streams' versions.</summary>
    public sealed class Verifier
    {
        private readonly Dictionary<string, long> _versions = new(StringComparer.Ordinal);
        private readonly HashSet<long> _watched;
        private readonly Dictionary<long, (byte[] Head, long Size, byte[] Root)> _marks = new();
        private readonly MerkleTree.Builder _tree = new();
        private readonly LeafWriter _leaves = new();
        private readonly byte[]? _macKey;

        /// <param name="watch">Sequences whose hashes to keep (the checkpoints'), for <see cref="CheckCheckpoints"/>.</param>
        /// <param name="macKey">The application's event MAC key; null: MACs are not checked.</param>
        /// <param name="macsFrom">The first sequence that must carry a MAC (1 for a ledger that had MACs from its start).</param>
        public Verifier(IEnumerable<long>? watch = null, byte[]? macKey = null, long macsFrom = 1)
        {
            _watched = [.. watch ?? []];
            _macKey = macKey;
            MacsFrom = macKey is null ? null : macsFrom;
        }

        private byte[] _previous = Genesis;
        private DateTimeOffset _lastInstant = DateTimeOffset.MinValue;

        public long EventsChecked { get; private set; }
        public long MacsChecked { get; private set; }
        public long? MacsFrom { get; }
        public ChainFailure? FirstFailure { get; private set; }

        public ChainReport Report => new(FirstFailure is null, EventsChecked, 0, FirstFailure, MacsFrom, MacsChecked);

        /// <summary>Names the first failure more precisely, once its cause is known (an event sealed at another position).</summary>
        public void Reclassify(ChainFailure failure) => FirstFailure = FirstFailure is null ? null : failure;

        /// <summary>The head so far: the last sealed hash accepted.</summary>
        public byte[] Head => _previous;

        /// <returns>False once the chain has failed: nothing after the first failure is trusted.</returns>
        public bool Add(StoredEvent e) => Add(e, e.HasEvent && e.HasSeal ? _leaves.Leaf(e) : null);

        /// <summary>
        /// As <see cref="Add(StoredEvent)"/>, with the event's leaf already computed (by a reader that hashes ahead), and
        /// whether its MAC verifies (<see cref="MacMatches"/>, computed ahead too; null: checked here).
        /// </summary>
        public bool Add(StoredEvent e, byte[]? leaf, bool? macMatches = null)
        {
            if (FirstFailure is not null) return false;
            FirstFailure = Check(e, leaf, macMatches);
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
        public ChainReport CheckCheckpoints(IEnumerable<(ChainCheckpointed Checkpoint, string Source)> checkpoints, ECDsa publicKey)
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
                if (failure is not null) return Report with { Ok = false, CheckpointsChecked = checkedCount, FirstFailure = failure };
                checkedCount++;
                passed = c.Sequence;
            }
            return Report with { CheckpointsChecked = checkedCount };
        }

        /// <summary>Whether <paramref name="e"/> carries a valid MAC of <paramref name="leaf"/> under <paramref name="macKey"/>: independent of every other event.</summary>
        public static bool MacMatches(byte[] macKey, StoredEvent e, byte[] leaf) =>
            e.Mac is not null && CryptographicOperations.FixedTimeEquals(EventMac.Compute(macKey, leaf), e.Mac);

        private ChainFailure? Check(StoredEvent e, byte[]? leaf, bool? macMatches)
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
            if (e.Unsealed)
                return new(e.Sequence, e.Stream, "altered", "a column outside the sealed form (such as bdata) holds a value: the seal refuses one at insert");
            if (!Link(_previous, leaf!).AsSpan().SequenceEqual(e.Hash) || e.Leaf is { } stored && !stored.AsSpan().SequenceEqual(leaf))
                return new(e.Sequence, e.Stream, "altered", "the stored event no longer hashes to its seal");
            if (_macKey is not null)
            {
                if (e.Sequence >= MacsFrom)
                {
                    if (!(macMatches ?? MacMatches(_macKey, e, leaf!)))
                        return new(e.Sequence, e.Stream, "unauthenticated", e.Mac is null
                            ? "the event is sealed but carries no MAC of the application's key: it was appended by something other than the application"
                            : "the event's MAC does not verify under the application's key");
                    MacsChecked++;
                }
            }
            _tree.Add(leaf!);
            return null;
        }
    }
}

/// <summary>
/// The application's mark on each event it appends: HMAC-SHA256 under a key held outside the database, over the
/// event's 32-byte Merkle leaf (which covers every field of the stored row). See docs/integrity/writers-and-clock.md.
/// </summary>
public static class EventMac
{
    public static byte[] Compute(byte[] key, byte[] leaf) => HMACSHA256.HashData(key, leaf);
}
