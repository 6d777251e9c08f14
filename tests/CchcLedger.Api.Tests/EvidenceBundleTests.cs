using CchcLedger.Api.Hosting;

namespace CchcLedger.Api.Tests;

/// <summary>
/// <c>cchc export --with-evidence</c> writes the files the bundle's events cite beside it (docs/integrity/bundles.md,
/// "Evidence files"), and both verifiers re-hash every one present against the sealed hashes.
/// </summary>
public sealed class EvidenceBundleTests(LedgerFixture fixture) : EvidenceTest(fixture)
{
    private static readonly string HuuLungOfficer = TestTokens.For(Roles.AgencyOfficer, "Nguyễn Thị Lan", "huu-lung");
    private static readonly string VanQuanOfficer = TestTokens.For(Roles.AgencyOfficer, "Lê Văn Hùng", "van-quan");

    /// <summary>Two districts self-assessed, each citing one uploaded file, and the block published: the two files.</summary>
    private async Task<(string Sha256, byte[] Bytes)[]> PublishedWithEvidence()
    {
        await SmallSetAdopted();
        await AgencyRegistered("huu-lung", "UBND huyện Hữu Lũng");
        await AgencyRegistered("van-quan", "UBND huyện Văn Quan");
        var files = new[] { ("huu-lung", HuuLungOfficer, "Kế hoạch CCHC năm 2017.pdf", Pdf("Kế hoạch CCHC năm 2017")), ("van-quan", VanQuanOfficer, "Ảnh chụp.png", Png()) };
        foreach (var (agency, officer, name, bytes) in files)
        {
            var url = $"/api/years/2017/scorecards/{agency}";
            Assert.Equal(201, (await Upload($"{url}/evidence", officer, (name, bytes))).Status);
            await Post($"{url}/self-scores", new { criterion = "1.1", points = 18, evidence = new[] { new { title = name, file = Sha(bytes) } } });
            await SelfAssessed(agency);
        }
        await Post("/api/years/2017/rankings/districts/publications", new { decisionRef = "QĐ 345/QĐ-UBND" }, 201);
        return [.. files.Select(f => (Sha(f.Item4), f.Item4))];
    }

    private static async Task<(int Exit, string Output, int NodeExit, string NodeOutput)> BothVerify(string folder)
    {
        var key = Path.Combine(folder, "public-key.pem");
        var (exit, output) = await Cchc("verify-bundle", folder, "--public-key", key);
        var (nodeExit, nodeOutput) = await JavaScriptVerifierTests.Node(JavaScriptVerifierTests.Verifier("verify-bundle.mjs"), folder, "--public-key", key);
        return (exit, output, nodeExit, nodeOutput);
    }

    [Fact]
    public async Task a_bundle_exported_with_its_evidence_verifies_and_a_byte_flipped_in_one_file_is_reported_by_both_verifiers()
    {
        var files = await PublishedWithEvidence();
        var folder = Path.Combine(Path.GetTempPath(), $"cchc-evidence-{Guid.NewGuid():N}");
        try
        {
            var (exported, summary) = await CchcOnLedger("export", "--year", "2017", "--block", "districts", "--publication", "1", "--out", folder, "--with-evidence");
            Assert.True(exported == 0, summary);
            Assert.Contains("2 of the 2 evidence files", summary);
            foreach (var (sha, content) in files) Assert.Equal(content, await File.ReadAllBytesAsync(Path.Combine(folder, "evidence", sha)));
            Assert.Equal(2, Directory.GetFiles(Path.Combine(folder, "evidence")).Length);

            var ok = await BothVerify(folder);
            Assert.True(ok.Exit == 0, ok.Output);
            Assert.Contains("2 of the 2 files the events cite are present and hash to their names", ok.Output);
            Assert.True(ok.NodeExit == 0, ok.NodeOutput);
            Assert.Contains("evidence: 2 of the 2 files", ok.NodeOutput);

            // One byte flipped in one file: the bundle still proves the ranking, but the file is not the one the events cite.
            var altered = Path.Combine(folder, "evidence", files[1].Sha256);
            var bytes = await File.ReadAllBytesAsync(altered);
            bytes[bytes.Length / 2] ^= 0x01;
            await File.WriteAllBytesAsync(altered, bytes);
            var bad = await BothVerify(folder);
            Assert.True(bad.Exit == 1, bad.Output);
            Assert.Contains("EVIDENCE ALTERED", bad.Output);
            Assert.Contains($"evidence/{files[1].Sha256}: its bytes hash to {Sha(bytes)}", bad.Output);
            Assert.DoesNotContain(files[0].Sha256, bad.Output);
            Assert.True(bad.NodeExit == 1, bad.NodeOutput);
            Assert.Contains("EVIDENCE ALTERED", bad.NodeOutput);
            Assert.Contains($"evidence/{files[1].Sha256}: its bytes hash to {Sha(bytes)}", bad.NodeOutput);

            // A file absent is no failure (a bundle exported without its evidence has none); a file no event cites is ignored.
            File.Delete(altered);
            await File.WriteAllBytesAsync(Path.Combine(folder, "evidence", new string('0', 64)), [1, 2, 3]);
            var partial = await BothVerify(folder);
            Assert.True(partial.Exit == 0, partial.Output);
            Assert.Contains("1 of the 2 files the events cite are present", partial.Output);
            Assert.True(partial.NodeExit == 0, partial.NodeOutput);
            Assert.Contains("evidence: 1 of the 2 files", partial.NodeOutput);
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task an_export_without_evidence_writes_none_and_an_export_of_a_file_altered_in_storage_refuses_to_write_it()
    {
        var files = await PublishedWithEvidence();
        var folder = Path.Combine(Path.GetTempPath(), $"cchc-evidence-{Guid.NewGuid():N}");
        try
        {
            var (plain, plainSummary) = await CchcOnLedger("export", "--year", "2017", "--block", "districts", "--publication", "1", "--out", folder);
            Assert.True(plain == 0, plainSummary);
            Assert.False(Directory.Exists(Path.Combine(folder, "evidence")));
            var ok = await BothVerify(folder);
            Assert.True(ok.Exit == 0 && ok.NodeExit == 0, ok.Output + ok.NodeOutput);
            Assert.Contains("0 of the 2 files the events cite are present", ok.Output);

            // A byte changed in the evidence store: the export says so, and writes the intact file only.
            await AsOwner<object>("update cchc.evidence_chunks set bytes = overlay(bytes placing '\\x00'::bytea from 100 for 1) where sha256 = @sha", ("sha", files[0].Sha256));
            var (exported, summary) = await CchcOnLedger("export", "--year", "2017", "--block", "districts", "--publication", "1", "--out", folder, "--with-evidence");
            Assert.True(exported == 1, summary);
            Assert.Contains($"the stored bytes of evidence file {files[0].Sha256} hash to", summary);
            Assert.Equal(new[] { files[1].Sha256 }, Directory.GetFiles(Path.Combine(folder, "evidence")).Select(f => Path.GetFileName(f)));
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }
}
