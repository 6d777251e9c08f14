using System.CommandLine;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using CchcLedger.Api.Demo;
using CchcLedger.Api.Integrity;
using CchcLedger.Domain.Integrity;

namespace CchcLedger.Api.Tests;

/// <summary>Inclusion proofs and export bundles: checked with nothing but what they carry.</summary>
public sealed class BundleTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await DemoLoader.LoadAsync(Store, DemoData.Read(DemoData.DefaultPath()));
        await Post("/api/years/2017/rankings/districts/publications", new { decisionRef = "QĐ 345/QĐ-UBND" }, 201);
    }

    [Fact]
    public async Task an_agency_gets_a_small_proof_of_its_scorecard_that_checks_against_the_signed_root()
    {
        var view = await Get("/api/years/2017/scorecards/huu-lung/proof");
        var proof = view["proof"].Deserialize<EventProof>(JsonSerializerOptions.Web)!;
        using var key = ECDsa.Create();
        key.ImportFromPem(view["publicKey"]!.GetValue<string>());

        Assert.Null(proof.Check(key));
        Assert.True(proof.Events.Count > 40 && proof.Events.All(e => e.Stream == "scorecard-2017-huu-lung"));
        Assert.Empty(view["notYetCovered"]!.AsArray());
        Assert.True(proof.Nodes.Count < 40, $"{proof.Nodes.Count} hashes for {proof.Events.Count} events of a {proof.Checkpoint.TreeSize}-event ledger");

        var changed = proof with { Events = [.. proof.Events.Select((e, i) => i == 3 ? e with { Data = e.Data.Replace("\"points\": ", "\"points\": 1") } : e)] };
        Assert.NotEqual(proof.Events[3].Data, changed.Events[3].Data);
        Assert.NotNull(changed.Check(key));
        Assert.NotNull((proof with { Events = [.. proof.Events.Select((e, i) => i == 0 ? e with { LeafIndex = e.LeafIndex + 1 } : e)] }).Check(key));
    }

    [Fact]
    public async Task an_exported_bundle_verifies_offline_and_any_change_to_it_is_found()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"cchc-bundle-{Guid.NewGuid():N}");
        var connection = await TestDatabase.ConnectionStringAsync();
        var (exported, summary) = await Cchc("export", "--year", "2017", "--block", "districts", "--publication", "1", "--out", folder, "--connection", connection);
        Assert.True(exported == 0, summary);

        var (verified, report) = await Cchc("verify-bundle", folder);
        Assert.True(verified == 0, report);
        Assert.Contains("identical", report);

        // A changed value: the events no longer give the signed root.
        var file = Path.Combine(folder, "bundle.json");
        var original = await File.ReadAllTextAsync(file);
        var bundle = JsonNode.Parse(original)!;
        var selfScore = bundle["proof"]!["events"]!.AsArray().First(e => e!["type"]!.GetValue<string>() == "points_adjusted" || e["type"]!.GetValue<string>() == "appraisal_recorded")!;
        selfScore["data"] = selfScore["data"]!.GetValue<string>().Replace("\"criterion\": \"", "\"criterion\": \"9");
        await File.WriteAllTextAsync(file, bundle.ToJsonString());
        var (changed, changedReport) = await Cchc("verify-bundle", folder);
        Assert.Equal(1, changed);
        Assert.Contains("NOT PROVEN", changedReport);

        // A scorecard left out by an exporter who rebuilt the proof for the rest: every event shown is the ledger's,
        // but they no longer give the published ranking.
        var whole = JsonSerializer.Deserialize<PublicationBundle>(original, JsonSerializerOptions.Web)!;
        await using (var conn = new Npgsql.NpgsqlConnection(connection))
        {
            await conn.OpenAsync();
            var rest = whole.Proof.Events.Where(e => e.Stream != "scorecard-2017-huu-lung").Select(e => e.Sequence).ToList();
            var partial = whole with { Proof = await Projections.EventProofs.BuildAsync(conn, whole.Proof.Checkpoint, rest) };
            await File.WriteAllTextAsync(file, JsonSerializer.Serialize(partial, JsonSerializerOptions.Web));
        }
        var (omitted, omittedReport) = await Cchc("verify-bundle", folder);
        Assert.Equal(1, omitted);
        Assert.True(omittedReport.Contains("different") && omittedReport.Contains("huu-lung"), omittedReport);

        // The bundle's own key replaced: a checker who trusts the ledger's published key is not fooled.
        await File.WriteAllTextAsync(file, original);
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var otherPem = Path.Combine(folder, "other.pem");
        await File.WriteAllTextAsync(otherPem, other.ExportSubjectPublicKeyInfoPem());
        Assert.Equal(1, (await Cchc("verify-bundle", folder, "--public-key", otherPem)).Exit);
        Assert.Equal(0, (await Cchc("verify-bundle", folder, "--public-key", Path.Combine(folder, "public-key.pem"))).Exit);
        Directory.Delete(folder, recursive: true);
    }
}
