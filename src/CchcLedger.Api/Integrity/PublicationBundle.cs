using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;
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

    /// <summary>A bundle from a file, gzip-compressed (by its magic bytes) or plain JSON; a folder means its <see cref="FileName"/>.</summary>
    public static async Task<PublicationBundle?> ReadAsync(string path, CancellationToken ct = default)
    {
        if (Directory.Exists(path)) path = Path.Combine(path, FileName);
        await using var file = File.OpenRead(path);
        var magic = new byte[2];
        var gzipped = await file.ReadAsync(magic, ct) == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
        file.Position = 0;
        await using Stream body = gzipped ? new GZipStream(file, CompressionMode.Decompress) : file;
        return await JsonSerializer.DeserializeAsync<PublicationBundle>(body, Json, ct);
    }

    /// <summary>What a check of a bundle found: whether its events are the ledger's, complete, and whether they give the published ranking.</summary>
    public sealed record Verdict(bool Included, bool Identical, string Detail, string? Digest, string? PublishedDigest, IReadOnlyList<RankingDifference> Differences);

    /// <summary>The bundle's own key, for a verifier that trusts it by its fingerprint (never by itself).</summary>
    public ECDsa BundledKey()
    {
        var key = ECDsa.Create();
        key.ImportFromPem(PublicKey);
        return key;
    }

    /// <summary>
    /// Checks a bundle alone, against <paramref name="trustedKey"/>: the signature, the head link, every event's inclusion,
    /// every stream complete (versions 1…n, n as committed), then the ranking recomputed from those events.
    /// </summary>
    public Verdict Verify(ECDsa trustedKey)
    {
        if (Proof.Check(trustedKey) is { } problem) return new(false, false, problem, null, null, []);

        var events = Proof.Events.OrderBy(e => e.Sequence).ToList();
        object Read(ProofEvent e) => PublicationSources.Read(e.Type, e.Data)
                                     ?? throw new InvalidDataException($"event {e.Sequence} has a type this verifier does not know: {e.Type}");
        if (events.FirstOrDefault(e => e.Sequence == PublicationSequence) is not { } stored || Read(stored) is not RankingPublished publication
            || publication.Number != Publication || publication.Year != Year || publication.Block != Block)
            return new(true, false, $"the bundle does not hold publication {Publication} of {Year} {Block}", null, null, []);

        // Completeness: a format-2 publication commits its streams; the bundle must list exactly those, each whole.
        if (publication.Format == PublicationDigest.Format2 && !(publication.Streams ?? []).SequenceEqual(Streams))
            return new(true, false, "incomplete: the bundle's streams are not those the publication commits", null, publication.Digest, []);
        if (Proof.Completeness(Streams, publication.ThroughSequence) is { } gap)
            return new(true, false, $"incomplete: {gap}", null, publication.Digest, []);
        var listed = Streams.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        if (events.FirstOrDefault(e => e.Sequence != PublicationSequence && (!listed.Contains(e.Stream) || e.Sequence > publication.ThroughSequence)) is { } stray)
            return new(true, false, $"the bundle holds event {stray.Sequence} of {stray.Stream}, outside the streams it completes", null, publication.Digest, []);

        var derivedFrom = events.Where(e => e.Sequence <= publication.ThroughSequence).GroupBy(e => e.Stream).ToDictionary(g => g.Key, g => g.Select(Read).ToList());
        var rules = CriteriaSet.AtVersion(derivedFrom.GetValueOrDefault(CriteriaSet.StreamKey(publication.CriteriaSet.Id)) ?? [], publication.CriteriaSet.Version)?.Rules;
        var cards = derivedFrom.Where(s => s.Key.StartsWith("scorecard-", StringComparison.Ordinal))
            .Select(s => s.Value.Aggregate((Scorecard?)null, Scorecard.Evolve)).OfType<Scorecard>();
        var agencies = derivedFrom.Where(s => s.Key.StartsWith("agency-", StringComparison.Ordinal))
            .Select(s => s.Value.Aggregate((Agency?)null, Agency.Evolve)).OfType<Agency>().ToDictionary(a => a.Code);
        var recomputed = PublicationCheck.Recompute(publication, rules, cards, agencies);
        return new(true, recomputed.Identical, recomputed.Identical ? "identical" : "different", recomputed.Digest, publication.Digest, recomputed.Differences);
    }
}
