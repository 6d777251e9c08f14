using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CchcLedger.Api.Demo;
using CchcLedger.Api.Integrity;
using CchcLedger.Domain.Integrity;
using CchcLedger.Domain.Publications;
using Npgsql;

namespace CchcLedger.Api.Tests;

/// <summary>Inclusion proofs and export bundles: checked with nothing but what they carry and a key the checker trusts.</summary>
public sealed class BundleTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    private string _folder = "";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await DemoLoader.LoadAsync(Store, DemoData.Read(DemoData.DefaultPath()));
        await Post("/api/years/2017/rankings/districts/publications", new { decisionRef = "QĐ 345/QĐ-UBND" }, 201);
        _folder = Path.Combine(Path.GetTempPath(), $"cchc-bundle-{Guid.NewGuid():N}");
        var (exported, summary) = await CchcOnLedger("export", "--year", "2017", "--block", "districts", "--publication", "1", "--out", _folder);
        Assert.True(exported == 0, summary);
    }

    public override async Task DisposeAsync()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
        await base.DisposeAsync();
    }

    private string BundleFile => Path.Combine(_folder, PublicationBundle.FileName);
    private string KeyFile => Path.Combine(_folder, "public-key.pem");
    private async Task<PublicationBundle> Bundle() => (await PublicationBundle.ReadAsync(BundleFile))!;
    private async Task Save(PublicationBundle bundle) => await bundle.WriteAsync(BundleFile);

    private static async Task<NpgsqlConnection> Superuser()
    {
        var conn = new NpgsqlConnection(await TestDatabase.ConnectionStringAsync());
        await conn.OpenAsync();
        return conn;
    }

    [Fact]
    public async Task anyone_downloads_the_bundle_the_export_writes_and_it_verifies_with_the_ledgers_key()
    {
        using var client = Host.Server.CreateClient(); // no token: the bundle is public, like the publication
        using var download = await client.GetAsync("/api/years/2017/rankings/districts/publications/1/bundle");
        Assert.Equal(200, (int)download.StatusCode);
        Assert.Equal("application/gzip", download.Content.Headers.ContentType?.MediaType);
        var file = Path.Combine(_folder, "downloaded.json.gz");
        await File.WriteAllBytesAsync(file, await download.Content.ReadAsByteArrayAsync());
        var downloaded = (await PublicationBundle.ReadAsync(file))!;
        using var key = ECDsa.Create();
        key.ImportFromPem(await File.ReadAllTextAsync(KeyFile));
        Assert.True(downloaded.Verify(key).Identical);
        Assert.Equal((await Bundle()).Proof.Events.Count, downloaded.Proof.Events.Count);
        await Host.Scenario(s => { s.Get.Url("/api/years/2017/rankings/districts/publications/9/bundle"); s.StatusCodeShouldBe(404); });
    }

    [Fact]
    public async Task an_agency_gets_a_proof_of_its_whole_scorecard_stream_that_checks_against_the_signed_root_and_head()
    {
        var view = await Get("/api/years/2017/scorecards/huu-lung/proof");
        Assert.Equal("cchc-proof/2", view["format"]!.GetValue<string>());
        var proof = view["proof"].Deserialize<EventProof>(JsonSerializerOptions.Web)!;
        var stream = view["stream"].Deserialize<StreamVersion>(JsonSerializerOptions.Web)!;
        using var key = ECDsa.Create();
        key.ImportFromPem(view["publicKey"]!.GetValue<string>());

        Assert.Null(proof.Check(key));
        Assert.Null(proof.Completeness([stream], proof.Checkpoint.Sequence));
        Assert.True(proof.Events.Count > 40 && proof.Events.All(e => e.Stream == "scorecard-2017-huu-lung") && proof.Events.Count == stream.Version);
        Assert.Empty(view["notYetCovered"]!.AsArray());
        Assert.True(proof.Nodes.Count < 60, $"{proof.Nodes.Count} hashes for {proof.Events.Count} events of a {proof.Checkpoint.TreeSize}-event ledger");

        ProofEvent Changed(ProofEvent e) => e with { Fields = [.. e.Fields.Select((f, i) => i == 7 ? f!.Replace("\"points\": ", "\"points\": 1") : f)] };
        Assert.NotEqual(proof.Events[3].Data, Changed(proof.Events[3]).Data);
        Assert.NotNull((proof with { Events = [.. proof.Events.Select((e, i) => i == 3 ? Changed(e) : e)] }).Check(key));
        Assert.NotNull((proof with { Events = [.. proof.Events.Select((e, i) => i == 0 ? e with { LeafIndex = e.LeafIndex + 1 } : e)] }).Check(key));
        Assert.Contains("version 2", (proof with { Events = [.. proof.Events.Where((_, i) => i != 1)] }).Completeness([stream], proof.Checkpoint.Sequence));
    }

    [Fact]
    public async Task case_2_and_4_a_bundle_carries_the_hashed_forms_and_the_chain_link_of_the_signed_head()
    {
        var bundle = await Bundle();
        var checkpoint = bundle.Proof.Checkpoint;
        // The instant as signed, never reformatted (…+00:00, trimmed zeros), and the signed text itself.
        Assert.Matches(new Regex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$"), checkpoint.At);
        Assert.Equal($"cchc-ledger checkpoint\n{checkpoint.Sequence}\n{checkpoint.Head}\n{checkpoint.TreeSize}\n{checkpoint.Root}\n{checkpoint.At}", checkpoint.Signed);
        Assert.Equal(checkpoint.Head, Convert.ToHexStringLower(EventChain.Link(Convert.FromHexString(bundle.Proof.Head.PreviousHash), Convert.FromHexString(bundle.Proof.Head.Leaf))));

        // Every event's fields give exactly the leaf the database's trigger sealed.
        await using var conn = await Superuser();
        await using var cmd = new NpgsqlCommand("select seq_id, leaf from cchc.event_chain where seq_id = any(@s)", conn);
        cmd.Parameters.AddWithValue("s", bundle.Proof.Events.Select(e => e.Sequence).ToArray());
        var sealedLeaves = new Dictionary<long, byte[]>();
        await using (var reader = await cmd.ExecuteReaderAsync())
            while (await reader.ReadAsync()) sealedLeaves[reader.GetInt64(0)] = reader.GetFieldValue<byte[]>(1);
        Assert.Equal(bundle.Proof.Events.Count, sealedLeaves.Count);
        Assert.All(bundle.Proof.Events, e => Assert.Equal(sealedLeaves[e.Sequence], MerkleTree.Leaf(EventChain.Canonical(e.Fields))));
        Assert.All(bundle.Proof.Events, e => Assert.Matches(new Regex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$"), e.Fields[4]));

        // A head link that does not hash to the signed head is refused.
        await Save(bundle with { Proof = bundle.Proof with { Head = bundle.Proof.Head with { PreviousHash = new string('0', 64) } } });
        var (exit, report) = await Cchc("verify-bundle", _folder, "--public-key", KeyFile);
        Assert.Equal(1, exit);
        Assert.Contains("NOT PROVEN", report);
        Assert.Contains("head", report);
    }

    [Fact]
    public async Task case_3_every_property_of_an_exported_bundle_is_in_its_published_schema()
    {
        var schema = await File.ReadAllTextAsync(Path.Combine(Repository.Root, "docs", "integrity", "schemas", "bundle.schema.json")) + await File.ReadAllTextAsync(Path.Combine(Repository.Root, "docs", "integrity", "schemas", "proof-parts.schema.json"));
        using var gzip = new System.IO.Compression.GZipStream(File.OpenRead(BundleFile), System.IO.Compression.CompressionMode.Decompress);
        var json = JsonNode.Parse(gzip)!;
        var names = new SortedSet<string>(StringComparer.Ordinal);
        void Walk(JsonNode? node, string? parent)
        {
            if (node is JsonObject o)
                foreach (var (k, v) in o)
                {
                    if (parent != "nodes") names.Add(k);
                    Walk(v, k);
                }
            else if (node is JsonArray a)
                foreach (var item in a) Walk(item, parent);
        }
        Walk(json, null);
        Assert.All(names, n => Assert.Contains($"\"{n}\"", schema));
        Assert.Equal(0x1f, (await File.ReadAllBytesAsync(BundleFile))[0]);
    }

    [Fact]
    public async Task an_exported_bundle_verifies_offline_against_a_trusted_key_and_any_change_to_it_is_found()
    {
        var (verified, report) = await Cchc("verify-bundle", _folder, "--public-key", KeyFile);
        Assert.True(verified == 0, report);
        Assert.Contains("identical", report);
        using (var key = (await Bundle()).BundledKey())
            Assert.Equal(0, (await Cchc("verify-bundle", BundleFile, "--key-fingerprint", Checkpoint.Fingerprint(key))).Exit);

        // A changed value: the events no longer give the signed root.
        var bundle = await Bundle();
        var target = bundle.Proof.Events.First(e => e.Type is "points_adjusted" or "appraisal_recorded");
        await Save(bundle with { Proof = bundle.Proof with { Events = [.. bundle.Proof.Events.Select(e => e == target
            ? e with { Fields = [.. e.Fields.Select((f, i) => i == 7 ? f!.Replace("\"criterion\": \"", "\"criterion\": \"9") : f)] } : e)] } });
        var (changed, changedReport) = await Cchc("verify-bundle", _folder, "--public-key", KeyFile);
        Assert.Equal(1, changed);
        Assert.Contains("NOT PROVEN", changedReport);

        // A key the checker does not trust: refused.
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var otherPem = Path.Combine(_folder, "other.pem");
        await File.WriteAllTextAsync(otherPem, other.ExportSubjectPublicKeyInfoPem());
        await Save(bundle);
        Assert.Equal(1, (await Cchc("verify-bundle", _folder, "--public-key", otherPem)).Exit);
    }

    [Fact]
    public async Task case_8_a_consistent_forgery_re_signed_with_a_new_key_is_refused_as_untrusted_never_identical()
    {
        var bundle = await Bundle();
        using var forger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var forged = Forge(bundle, "UBND huyện Hữu Lũng", "UBND huyện Hữu Lũng (giả)", forger);
        Assert.True(forged.Verify(forger).Identical, "the forgery should be consistent: it verifies under its own key");
        await Save(forged);

        var (exit, output) = await Cchc("verify-bundle", _folder);
        Assert.Equal(3, exit);
        Assert.Contains("UNTRUSTED KEY", output);
        Assert.DoesNotContain("identical", output);
        Assert.Equal(1, (await Cchc("verify-bundle", _folder, "--public-key", KeyFile)).Exit);
    }

    [Fact]
    public async Task case_9_a_score_neutral_event_left_out_with_a_rebuilt_multiproof_is_incomplete()
    {
        var bundle = await Bundle();
        var left = bundle.Proof.Events.First(e => e.Stream == "scorecard-2017-huu-lung" && e.Type == "self_assessment_submitted");
        await using var conn = await Superuser();
        var rest = bundle.Proof.Events.Where(e => e != left).ToList();
        var checkpoint = new ChainCheckpointed(bundle.Proof.Checkpoint.Sequence, bundle.Proof.Checkpoint.Head, bundle.Proof.Checkpoint.TreeSize,
            bundle.Proof.Checkpoint.Root, DateTimeOffset.Parse(bundle.Proof.Checkpoint.At), bundle.Proof.Checkpoint.Signature, bundle.Proof.Checkpoint.KeyId);
        var partial = bundle with { Proof = await Projections.EventProofs.ProveAsync(conn, checkpoint, rest) };
        using (var key = partial.BundledKey()) Assert.Null(partial.Proof.Check(key));
        await Save(partial);

        var (exit, output) = await Cchc("verify-bundle", _folder, "--public-key", KeyFile);
        Assert.Equal(1, exit);
        Assert.Contains("incomplete", output);
        Assert.Contains("scorecard-2017-huu-lung", output);
        Assert.DoesNotContain("identical", output);
    }

    /// <summary>
    /// What a forger with no access to the ledger's key can do with a bundle: rename an agency in its events and in the
    /// publication, recompute the publication's digest, the leaves, the root and the head, and sign with a key of its own.
    /// </summary>
    private static PublicationBundle Forge(PublicationBundle bundle, string name, string forgedName, ECDsa key)
    {
        var events = bundle.Proof.Events.Select(e => e with { Fields = [.. e.Fields.Select((f, i) => i == 7 ? f!.Replace(name, forgedName) : f)] }).ToList();
        var publication = events.Single(e => e.Sequence == bundle.PublicationSequence);
        var published = (RankingPublished)Projections.PublicationSources.Read(publication.Type, publication.Data)!;
        var data = publication.Data.Replace(published.Digest, PublicationDigest.Of(published));
        events = [.. events.Select(e => e == publication ? e with { Fields = [.. e.Fields.Select((f, i) => i == 7 ? data : f)] } : e)];
        return BundleRefusalTests.Resealed(bundle, events, key);
    }
}

/// <summary>The repository's root, found from the test's folder (docs/ is read by the tests that keep it true).</summary>
public static class Repository
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CchcLedger.sln"))) return dir.FullName;
        throw new InvalidOperationException("the repository root (CchcLedger.sln) was not found above the test folder");
    }
}
