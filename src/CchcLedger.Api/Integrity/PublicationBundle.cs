using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using CchcLedger.Api.Hosting;
using CchcLedger.Domain.Agencies;
using CchcLedger.Domain.Criteria;
using CchcLedger.Domain.Integrity;
using CchcLedger.Domain.Publications;
using CchcLedger.Domain.Scorecards;
using CchcLedger.Projections;
using Marten;
using Npgsql;

namespace CchcLedger.Api.Integrity;

/// <summary>
/// Everything needed to check one publication with no database and no network (docs/integrity/bundles.md): the
/// publication event and every event of every stream it derives from, each as hashed, with the signed checkpoint that
/// followed the publication, the head link and a Merkle multiproof. <see cref="Streams"/> are the streams the bundle
/// completes: for a format-2 publication exactly those its digest commits. <see cref="PublicKey"/> is informational:
/// a verifier checks the signature against a key it trusts, never against this one by itself.
/// Written as gzip-compressed UTF-8 JSON (<see cref="FileName"/>).
/// </summary>
public sealed record PublicationBundle(string Format, int Year, string Block, int Publication, long PublicationSequence, string PublicKey,
    IReadOnlyList<StreamVersion> Streams, EventProof Proof)
{
    public const string CurrentFormat = "cchc-bundle/2";
    public const string FileName = "bundle.json.gz";

    /// <summary>Raw UTF-8 (no \u escapes of Vietnamese), camelCase: the bundle's JSON.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static async Task<(PublicationBundle? Bundle, string? Problem)> BuildAsync(IQuerySession session, NpgsqlConnection conn, CheckpointSigner signer,
        int year, string block, int number, CancellationToken ct = default)
    {
        if (await Rankings.Publications.FindAsync(session, year, block, number, ct) is not (var publication, var publicationSequence))
            return (null, $"{year} block '{block}' has no publication {number}");
        var checkpoint = (await EventSeals.CheckpointsAsync(conn, ct)).Where(c => c.Sequence >= publicationSequence).MinBy(c => c.Sequence);
        if (checkpoint is null) return (null, $"no signed checkpoint covers publication {number} yet (one follows every publication)");

        var streams = publication.Streams ?? await StreamsOfAsync(conn, publication, ct);
        var proof = await EventProofs.BuildAsync(conn, checkpoint, streams.Select(s => s.Id).ToList(), publication.ThroughSequence, [publicationSequence], ct);
        return (new PublicationBundle(CurrentFormat, year, block, number, publicationSequence, signer.PublicKeyPem, streams, proof), null);
    }

    /// <summary>A format-1 publication commits no streams: the bundle lists those the events give at its cut.</summary>
    private static async Task<IReadOnlyList<StreamVersion>> StreamsOfAsync(NpgsqlConnection conn, RankingPublished publication, CancellationToken ct) =>
        (await PublicationSources.LoadAsync(conn, publication.Year, publication.Block, publication.CriteriaSet, publication.ThroughSequence, ct: ct)).Streams;

    public async Task WriteAsync(string file, CancellationToken ct = default)
    {
        await using var stream = File.Create(file);
        await WriteAsync(stream, ct);
    }

    /// <summary>The bundle as its file holds it: gzip-compressed UTF-8 JSON.</summary>
    public async Task WriteAsync(Stream stream, CancellationToken ct = default)
    {
        // Optimal: 1.5 MiB for a 200-agency bundle against 2.4 MiB at the fastest level, which measured no faster here.
        await using var gzip = new GZipStream(stream, CompressionLevel.Optimal, leaveOpen: true);
        await JsonSerializer.SerializeAsync(gzip, this, Json, ct);
    }

    /// <summary>
    /// How a bundle is read (docs/integrity/bundles.md "Reading a bundle"): member names exactly as the schema spells them,
    /// numbers only as JSON numbers, every member the schema requires present and non-null. Members it does not define are ignored.
    /// </summary>
    private static readonly JsonSerializerOptions StrictJson = new(JsonSerializerDefaults.General)
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DictionaryKeyPolicy = null,
        NumberHandling = JsonNumberHandling.Strict,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    /// <summary>
    /// A bundle from a file, gzip-compressed (by its magic bytes) or plain JSON; a folder means its <see cref="FileName"/>.
    /// Read strictly: what "Reading a bundle" calls unreadable throws <see cref="InvalidDataException"/> or <see cref="JsonException"/>
    /// (with the JSON path), a file that cannot be opened <see cref="IOException"/>.
    /// </summary>
    public static async Task<PublicationBundle> ReadAsync(string path, CancellationToken ct = default)
    {
        if (Directory.Exists(path)) path = Path.Combine(path, FileName);
        var bytes = await File.ReadAllBytesAsync(path, ct);
        if (bytes is [0x1f, 0x8b, ..])
        {
            using var plain = new MemoryStream();
            await using (var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress)) await gzip.CopyToAsync(plain, ct);
            bytes = plain.ToArray();
        }
        StrictJsonDocument.RefuseRepeatedNames(bytes);
        using var document = JsonDocument.Parse(bytes);
        if (document.RootElement.ValueKind != JsonValueKind.Object) throw new InvalidDataException("the bundle is not a JSON object");
        var format = document.RootElement.TryGetProperty("format", out var f) ? f.ValueKind == JsonValueKind.String ? f.GetString() : f.GetRawText() : null;
        if (format != CurrentFormat) throw new InvalidDataException($"not a {CurrentFormat} bundle (format {format ?? "none"})");
        var bundle = document.Deserialize<PublicationBundle>(StrictJson)!;
        // Nullable annotations do not reach into collections: their elements are checked here.
        for (var i = 0; i < bundle.Streams.Count; i++)
            if (bundle.Streams[i] is null) throw new InvalidDataException($"$.streams[{i}] is null");
        for (var i = 0; i < bundle.Proof.Events.Count; i++)
            if (bundle.Proof.Events[i] is null) throw new InvalidDataException($"$.proof.events[{i}] is null");
        if (bundle.Proof.Nodes.FirstOrDefault(kv => kv.Value is null) is { Key: { } node })
            throw new InvalidDataException($"$.proof.nodes[\"{node}\"] is null");
        // Integers of at most 15 digits, which every JSON reader holds exactly; the ranges no step checks.
        const long limit = 999_999_999_999_999;
        void Integer(long value, string path, long min = -limit)
        {
            if (value < min || value > limit) throw new InvalidDataException($"{path} is {value}: not an integer in {min}…{limit}");
        }
        Integer(bundle.Publication, "$.publication", 1);
        Integer(bundle.PublicationSequence, "$.publicationSequence", 1);
        for (var i = 0; i < bundle.Streams.Count; i++) Integer(bundle.Streams[i].Version, $"$.streams[{i}].version", 0);
        var (c, h) = (bundle.Proof.Checkpoint, bundle.Proof.Head);
        Integer(c.Sequence, "$.proof.checkpoint.sequence");
        Integer(c.TreeSize, "$.proof.checkpoint.treeSize");
        Integer(h.LeafIndex, "$.proof.head.leafIndex");
        for (var i = 0; i < bundle.Proof.Events.Count; i++) Integer(bundle.Proof.Events[i].LeafIndex, $"$.proof.events[{i}].leafIndex");
        if (Checkpoint.ReadPublicKey(bundle.PublicKey) is not { } key)
            throw new InvalidDataException("the bundle's publicKey is not a PEM SubjectPublicKeyInfo of a P-256 key");
        key.Dispose();
        return bundle;
    }

    /// <summary>What a check of a bundle found: whether its events are the ledger's, complete, and whether they give the published ranking.</summary>
    public sealed record Verdict(bool Included, bool Identical, string Detail, string? Digest, string? PublishedDigest, IReadOnlyList<RankingDifference> Differences);

    /// <summary>The bundle's own key, for a verifier that trusts it by its fingerprint (never by itself).</summary>
    public ECDsa BundledKey() =>
        Checkpoint.ReadPublicKey(PublicKey) ?? throw new InvalidDataException("the bundle's publicKey is not a PEM SubjectPublicKeyInfo of a P-256 key");

    /// <summary>How the verifier reads event data: as the ledger writes it, and with every non-null member present and non-null.</summary>
    /// <remarks>Not <c>RespectRequiredConstructorParameters</c>: the ledger omits a member that is null (an evidence item's
    /// <c>documentRef</c>, say), so only a non-nullable member is required (<see cref="NullInside"/>).</remarks>
    private static readonly JsonSerializerOptions EventJson = new(LedgerStore.EventJson) { RespectNullableAnnotations = true, PropertyNameCaseInsensitive = false };

    private static readonly System.Reflection.NullabilityInfoContext Nullability = new();

    /// <summary>An event read by its type, or why it cannot be (docs/integrity/bundles.md, "Verdicts": such an event is <c>different</c>).</summary>
    private static (object? Data, string? Problem) ReadEvent(ProofEvent e)
    {
        if (!LedgerStore.EventTypes.TryGetValue(e.Type, out var type)) return (null, $"event {e.Sequence} of {e.Stream} has a type the ledger does not write: {e.Type}");
        string? why;
        object? data = null;
        try
        {
            data = JsonSerializer.Deserialize(e.Data, type, EventJson);
            why = data is null ? "it is null" : NullInside(data, "$");
        }
        catch (JsonException x)
        {
            why = x.Message;
        }
        return why is null ? (data, null) : (null, $"the data of event {e.Sequence} of {e.Stream} is not the JSON object of a {e.Type}: {why}");
    }

    /// <summary>
    /// Where an event read from JSON holds null that its type does not allow: a non-nullable member absent (the
    /// serializer leaves it null), or null in a list or a dictionary (nullable annotations do not reach collection
    /// elements, and the ledger writes none). The domain's folds take all of these as present.
    /// </summary>
    private static string? NullInside(object value, string path)
    {
        if (value is string || value.GetType().IsPrimitive || value is decimal or DateTimeOffset or Enum) return null;
        if (value is System.Collections.IDictionary map)
        {
            foreach (System.Collections.DictionaryEntry kv in map)
                if ((kv.Value is null ? $"{path}[\"{kv.Key}\"] is null" : NullInside(kv.Value, $"{path}[\"{kv.Key}\"]")) is { } found) return found;
            return null;
        }
        if (value is System.Collections.IEnumerable list)
        {
            var i = 0;
            foreach (var item in list)
            {
                if ((item is null ? $"{path}[{i}] is null" : NullInside(item, $"{path}[{i}]")) is { } found) return found;
                i++;
            }
            return null;
        }
        if (value.GetType().Namespace?.StartsWith("CchcLedger", StringComparison.Ordinal) != true) return null;
        foreach (var property in value.GetType().GetProperties())
        {
            // Stored members only (a record's positional properties have an init accessor): computed ones are not read from JSON.
            if (property.GetIndexParameters().Length > 0 || property.SetMethod is null || property.IsDefined(typeof(JsonIgnoreAttribute), true) && property.GetCustomAttributes(typeof(JsonIgnoreAttribute), true)
                    .OfType<JsonIgnoreAttribute>().Any(a => a.Condition == JsonIgnoreCondition.Always))
                continue;
            var member = property.GetValue(value);
            if (member is null)
            {
                if (!property.PropertyType.IsValueType && Nullability.Create(property).ReadState == System.Reflection.NullabilityState.NotNull)
                    return $"{path}.{JsonNamingPolicy.CamelCase.ConvertName(property.Name)} is absent or null";
                continue;
            }
            if (NullInside(member, $"{path}.{JsonNamingPolicy.CamelCase.ConvertName(property.Name)}") is { } found) return found;
        }
        return null;
    }

    /// <summary>
    /// Checks a bundle alone, against <paramref name="trustedKey"/> (docs/integrity/bundles.md, steps 2–8): the signature, the
    /// events' fields, the head link and every event's inclusion; the publication; every stream complete (versions 1…n, n as
    /// committed); then the ranking recomputed from those events. Anything that cannot be read or folded is a verdict with its
    /// reason, never an exception.
    /// </summary>
    public Verdict Verify(ECDsa trustedKey)
    {
        if (Proof.Check(trustedKey) is { } problem) return new(false, false, problem, null, null, []);

        var events = Proof.Events.OrderBy(e => e.Sequence).ToList();
        Verdict Incomplete(string why, string? published = null) => new(true, false, $"incomplete: {why}", null, published, []);
        Verdict Different(string why, string? published = null) => new(true, false, $"different: {why}", null, published, []);

        // Step 6: the publication.
        if (events.FirstOrDefault(e => e.Sequence == PublicationSequence) is not { Type: "ranking_published" } stored)
            return Incomplete($"the bundle does not hold publication {Publication} of {Year} {Block} at sequence {PublicationSequence}");
        var (read, unreadable) = ReadEvent(stored);
        if (read is not RankingPublished publication)
            return Different($"event {stored.Sequence}'s data is not a publication: {unreadable}");
        if (publication.Number != Publication || publication.Year != Year || publication.Block != Block)
            return Incomplete($"the bundle does not hold publication {Publication} of {Year} {Block}: event {stored.Sequence} is publication {publication.Number} of {publication.Year} {publication.Block}");
        if (PublicationDigest.FormatProblem(publication) is { } format) return Different(format, publication.Digest);

        // Step 7: completeness. A format-2 publication commits its streams; the bundle must list exactly those, each whole.
        if (publication.Format == PublicationDigest.Format2 && !publication.Streams!.SequenceEqual(Streams))
            return Incomplete("the bundle's streams are not those the publication commits", publication.Digest);
        if (Proof.Completeness(Streams, publication.ThroughSequence) is { } gap) return Incomplete(gap, publication.Digest);
        var listed = Streams.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        if (events.FirstOrDefault(e => e.Sequence != PublicationSequence && (!listed.Contains(e.Stream) || e.Sequence > publication.ThroughSequence)) is { } stray)
            return Incomplete($"the bundle holds event {stray.Sequence} of {stray.Stream}, outside the streams it completes", publication.Digest);

        // Step 8: every event read by its type, each stream from its opening event, then the ranking recomputed.
        var sources = events.Where(e => e.Sequence <= publication.ThroughSequence && e.Sequence != PublicationSequence).ToList();
        if (sources.FirstOrDefault(e => !LedgerStore.EventTypes.ContainsKey(e.Type)) is { } unknown)
            return Different(ReadEvent(unknown).Problem!, publication.Digest);
        foreach (var stream in sources.GroupBy(e => e.Stream))
        {
            var opening = stream.Key.StartsWith("scorecard-", StringComparison.Ordinal) ? "scorecard_opened"
                : stream.Key.StartsWith("agency-", StringComparison.Ordinal) ? "agency_registered" : null;
            if (opening is not null && stream.First().Type != opening)
                return Different($"stream {stream.Key} does not begin with its opening event ({opening}) but with a {stream.First().Type}", publication.Digest);
        }
        var derivedFrom = new Dictionary<string, List<object>>(StringComparer.Ordinal);
        foreach (var e in sources)
        {
            var (data, why) = ReadEvent(e);
            if (data is null) return Different(why!, publication.Digest);
            (derivedFrom.TryGetValue(e.Stream, out var list) ? list : derivedFrom[e.Stream] = []).Add(data);
        }
        try
        {
            return Recompute(publication, derivedFrom);
        }
        catch (Exception x) when (x is ArgumentException or InvalidOperationException or KeyNotFoundException or InvalidCastException or FormatException
                                      or ArithmeticException or InvalidDataException or IndexOutOfRangeException or NullReferenceException)
        {
            // The events were read by their types, yet the domain's fold cannot take them together (two agency streams
            // registering one code, say): no ranking derives from them.
            return Different($"the events cannot be folded into a ranking: {x.Message}", publication.Digest);
        }
    }

    private static Verdict Recompute(RankingPublished publication, Dictionary<string, List<object>> derivedFrom)
    {
        var rules = CriteriaSet.AtVersion(derivedFrom.GetValueOrDefault(CriteriaSet.StreamKey(publication.CriteriaSet.Id)) ?? [], publication.CriteriaSet.Version)?.Rules;
        var cards = derivedFrom.Where(s => s.Key.StartsWith("scorecard-", StringComparison.Ordinal))
            .Select(s => s.Value.Aggregate((Scorecard?)null, Scorecard.Evolve)).OfType<Scorecard>();
        var agencies = derivedFrom.Where(s => s.Key.StartsWith("agency-", StringComparison.Ordinal))
            .Select(s => s.Value.Aggregate((Agency?)null, Agency.Evolve)).OfType<Agency>().ToDictionary(a => a.Code);
        var recomputed = PublicationCheck.Recompute(publication, rules, cards, agencies);
        return new(true, recomputed.Identical, recomputed.Identical ? "identical" : "different", recomputed.Digest, publication.Digest, recomputed.Differences);
    }
}

/// <summary>
/// RFC 8259 leaves repeated member names to the reader; the integrity formats refuse them (docs/integrity/bundles.md,
/// "Reading a bundle"), so that no two readers can take different values from one file. Also refuses JSON that is not
/// well formed, or not UTF-8.
/// </summary>
public static class StrictJsonDocument
{
    /// <exception cref="JsonException">The JSON is malformed, or an object repeats a member name (also one no schema defines).</exception>
    public static void RefuseRepeatedNames(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = 512 });
        var names = new Stack<HashSet<string>?>();
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject: names.Push(new HashSet<string>(StringComparer.Ordinal)); break;
                case JsonTokenType.StartArray: names.Push(null); break;
                case JsonTokenType.EndObject or JsonTokenType.EndArray: names.Pop(); break;
                case JsonTokenType.PropertyName:
                    var name = reader.GetString()!;
                    if (!names.Peek()!.Add(name))
                        throw new JsonException($"Duplicate member name '{name}' in one object (at byte {reader.TokenStartIndex}): a bundle repeats no member name");
                    break;
            }
        }
    }
}
