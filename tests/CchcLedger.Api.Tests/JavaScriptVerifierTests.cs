using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json.Nodes;
using CchcLedger.Api.Demo;

namespace CchcLedger.Api.Tests;

/// <summary>
/// The second verifier, written in JavaScript from docs/integrity alone (tools/verifier-js), run under Node: it must
/// agree with the ledger on every vector, on the documented example, and on real exports — the demo, and a ledger with
/// an amendment, appeals decided and withdrawn, an agency renamed and a second publication — and it must refuse a
/// tampered export.
/// </summary>
public sealed class JavaScriptVerifierTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    private static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CchcLedger.sln"))) return dir.FullName;
        throw new InvalidOperationException("the repository root (CchcLedger.sln) was not found above the test run");
    }

    internal static string Verifier(string file) => Path.Combine(Root(), "tools", "verifier-js", file);

    /// <summary>Node from PATH (the README's set-up installs Debian's nodejs where it is missing).</summary>
    internal static async Task<(int Exit, string Output)> Node(params string[] args)
    {
        var info = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info) ?? throw new InvalidOperationException("node could not be started: install Debian's nodejs (README, Set-up)");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }

    private async Task<string> Export(string block, int number)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"cchc-js-{Guid.NewGuid():N}");
        var (exit, output) = await CchcOnLedger("export", "--year", "2017", "--block", block, "--publication", number.ToString(), "--out", folder);
        Assert.True(exit == 0, output);
        return folder;
    }

    private static async Task<JsonNode> VerifyWithNode(string folder, int expectedExit)
    {
        var (exit, output) = await Node(Verifier("verify-bundle.mjs"), Path.Combine(folder, "bundle.json.gz"), "--public-key", Path.Combine(folder, "public-key.pem"), "--json");
        Assert.True(exit == expectedExit, $"node verify-bundle exited {exit}, expected {expectedExit}:\n{output}");
        return JsonNode.Parse(output)!;
    }

    [Fact]
    public async Task the_javascript_verifier_agrees_with_every_vector_and_the_documented_example()
    {
        var (exit, output) = await Node(Verifier("test-vectors.mjs"), Path.Combine(Root(), "docs", "integrity"));
        Assert.True(exit == 0, output);
        Assert.Contains("OK:", output);
    }

    [Fact]
    public async Task the_javascript_verifier_proves_the_demos_publication_and_a_ledger_with_amendments_appeals_and_a_renaming()
    {
        await DemoLoader.LoadAsync(Store, DemoData.Read(DemoData.DefaultPath()));
        await Post("/api/years/2017/rankings/districts/publications", new { decisionRef = "QĐ 345/QĐ-UBND" }, 201);
        var demo = await Export("districts", 1);
        var verdict = await VerifyWithNode(demo, 0);
        Assert.Equal("identical", verdict["status"]!.GetValue<string>());
        Assert.Equal((await Get("/api/years/2017/rankings/districts/publications/1"))["digest"]!.GetValue<string>(), verdict["digest"]!.GetValue<string>());

        // A year goes on: an amendment of the rules, an agency renamed, appeals filed, decided and withdrawn, a new round, a second publication.
        await Post("/api/criteria-sets/2017-districts/amendments", new
        {
            reason = "Đính chính ngưỡng xếp loại Tốt", decisionRef = "QĐ 400/QĐ-UBND",
            changes = new object[] { new { kind = "changeClassBands", classBands = new[] { new { label = "Tốt", min = 78 }, new { label = "Khá", min = 65 }, new { label = "Trung bình", min = 50 }, new { label = "Yếu", min = 0 } } } },
        });
        await Post("/api/agencies/huu-lung/renaming", new { name = "UBND huyện Hữu Lũng (mới)", reason = "Đổi tên", decisionRef = "NQ 12/NQ-HĐND" });
        await Post("/api/years/2017/rankings/districts/preliminary", new { appealWindowDays = 10 }, 201);
        var upheld = await Post("/api/years/2017/scorecards/huu-lung/appeals", new { criterion = "1.1.1", requestedPoints = 1, argument = "Đã ban hành đúng hạn" }, 201);
        var withdrawn = await Post("/api/years/2017/scorecards/van-quan/appeals", new { criterion = "1.1.1", requestedPoints = 0.5, argument = "Xin xem lại" }, 201);
        await Post($"/api/appeals/{upheld["appealId"]!.GetValue<string>()}/decision",
            new { outcome = "upheld", reason = "Đủ căn cứ", decisionRef = "BB 03/HĐTĐ", membersPresent = 7, votesFor = 5, votesAgainst = 2 });
        await Post($"/api/appeals/{withdrawn["appealId"]!.GetValue<string>()}/withdrawal", new { reason = "Rút kiến nghị" });
        Clock.Advance(TimeSpan.FromDays(11));
        await Post("/api/years/2017/rankings/districts/publications", new { decisionRef = "QĐ 420/QĐ-UBND" }, 201);
        var later = await Export("districts", 2);
        var second = await VerifyWithNode(later, 0);
        Assert.Equal("identical", second["status"]!.GetValue<string>());
        Assert.Contains(second["entries"]!.AsArray(), e => e!["name"]!.GetValue<string>() == "UBND huyện Hữu Lũng (mới)");

        // One byte of the export changed: the ledger's own verifier and the JavaScript one both refuse it.
        await TamperAsync(Path.Combine(later, "bundle.json.gz"), "UBND huyện Hữu Lũng (mới)", "UBND huyện Hữu Lũng (mớj)");
        var tampered = await VerifyWithNode(later, 1);
        Assert.NotEqual("identical", tampered["status"]!.GetValue<string>());
        Assert.Equal(1, (await Cchc("verify-bundle", later, "--public-key", Path.Combine(later, "public-key.pem"))).Exit);

        // And without a key it trusts, it refuses to call anything genuine.
        var (untrusted, _) = await Node(Verifier("verify-bundle.mjs"), Path.Combine(demo, "bundle.json.gz"));
        Assert.Equal(3, untrusted);
    }

    /// <summary>Replaces a text inside a gzip-compressed bundle, as a forger editing the file would.</summary>
    private static async Task TamperAsync(string file, string from, string to)
    {
        string json;
        await using (var read = new GZipStream(File.OpenRead(file), CompressionMode.Decompress))
        using (var reader = new StreamReader(read)) json = await reader.ReadToEndAsync();
        Assert.Contains(from, json);
        await using var write = new GZipStream(File.Create(file), CompressionLevel.Optimal);
        await using var writer = new StreamWriter(write);
        await writer.WriteAsync(json.Replace(from, to));
    }
}
