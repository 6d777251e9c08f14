using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using CchcLedger.Api.Integrity;
using CchcLedger.Domain.Integrity;

namespace CchcLedger.Api.Tests;

/// <summary>
/// The real exports in docs/integrity/examples, for verifier authors: a bundle of a small ledger and a scorecard proof,
/// with the ledger's public key. This test keeps them valid: they must verify identical with today's verifier (and a
/// spoiled copy must not). Run with CCHC_WRITE_EXAMPLES=1 to write them anew from a fresh small ledger.
/// </summary>
public sealed class ExampleTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    private static readonly string Folder = Path.Combine(Repository.Root, "docs", "integrity", "examples", "districts-2017-1");

    [Fact]
    public async Task the_documented_example_bundle_and_proof_verify_against_their_key()
    {
        if (Environment.GetEnvironmentVariable("CCHC_WRITE_EXAMPLES") == "1") await WriteAsync();

        var (exit, output) = await Cchc("verify-bundle", Folder, "--public-key", Path.Combine(Folder, "public-key.pem"));
        Assert.True(exit == 0, output);
        Assert.Contains("identical", output);
        var expected = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(Folder, "expected.json")))!;
        Assert.Contains(expected["digest"]!.GetValue<string>(), output);

        // The readable copy is the bundle, decompressed.
        await using (var gzip = new GZipStream(File.OpenRead(Path.Combine(Folder, PublicationBundle.FileName)), CompressionMode.Decompress))
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(gzip), JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(Folder, "bundle.json")))));

        // A spoiled copy (one digit of one event's data) is not identical.
        var spoiled = Path.Combine(Path.GetTempPath(), $"cchc-example-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(spoiled, (await File.ReadAllTextAsync(Path.Combine(Folder, "bundle.json"))).Replace("\\\"points\\\": 18", "\\\"points\\\": 19"));
        Assert.Equal(1, (await Cchc("verify-bundle", spoiled, "--public-key", Path.Combine(Folder, "public-key.pem"))).Exit);
        File.Delete(spoiled);

        var proof = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(Folder, "scorecard-proof.json")))!;
        using var key = ECDsa.Create();
        key.ImportFromPem(await File.ReadAllTextAsync(Path.Combine(Folder, "public-key.pem")));
        var events = proof["proof"].Deserialize<EventProof>(JsonSerializerOptions.Web)!;
        Assert.Null(events.Check(key));
        Assert.Null(events.Completeness([proof["stream"].Deserialize<StreamVersion>(JsonSerializerOptions.Web)!], events.Checkpoint.Sequence));
    }

    private async Task WriteAsync()
    {
        await TwoDistrictsSelfAssessed();
        await Post("/api/years/2017/scorecards/van-quan/adjustments", new { criterion = "1.1", points = 19, reason = "Phúc tra", decisionRef = "QĐ 410/QĐ-UBND" });
        await Post("/api/years/2017/scorecards/huu-lung/survey-scores", new { criterion = "2.1", points = 31.25, source = "Điều tra xã hội học 2017" });
        var published = await Post("/api/years/2017/rankings/districts/publications", new { decisionRef = "QĐ 345/QĐ-UBND" }, 201);
        Directory.CreateDirectory(Folder);
        var (exit, output) = await CchcOnLedger("export", "--year", "2017", "--block", "districts", "--publication", "1", "--out", Folder);
        Assert.True(exit == 0, output);
        var bundle = (await PublicationBundle.ReadAsync(Folder))!;
        await File.WriteAllTextAsync(Path.Combine(Folder, "bundle.json"), JsonSerializer.Serialize(bundle, new JsonSerializerOptions(PublicationBundle.Json) { WriteIndented = true }) + "\n");
        var proof = await Get("/api/years/2017/scorecards/huu-lung/proof");
        await File.WriteAllTextAsync(Path.Combine(Folder, "scorecard-proof.json"),
            proof.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n");
        var digest = published["digest"]!.GetValue<string>();
        await File.WriteAllTextAsync(Path.Combine(Folder, "expected.json"), new JsonObject
        {
            ["about"] = "What cchc verify-bundle answers for bundle.json.gz with public-key.pem (exit 0); bundle.json is the same bundle decompressed, for reading.",
            ["verdict"] = "identical",
            ["exit"] = 0,
            ["digest"] = digest,
            ["fingerprint"] = Checkpoint.Fingerprint(bundle.BundledKey()),
            ["entries"] = published["entries"]!.DeepClone(),
        }.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n");
    }
}
