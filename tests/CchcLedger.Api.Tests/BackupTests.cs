using Npgsql;

namespace CchcLedger.Api.Tests;

/// <summary>cchc backup, then cchc restore into a fresh database: the chain verifies against the backup's witness and key, and every publication regenerates identically.</summary>
public sealed class BackupTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    [Fact]
    public async Task a_backup_restored_into_a_fresh_database_verifies_and_regenerates_identically()
    {
        await TwoDistrictsSelfAssessed();
        // A file cited by an adjustment: the dump takes it with the event, and the restored ledger's verification re-hashes it.
        var content = new MultipartFormDataContent { { new ByteArrayContent([.. "%PDF-1.4\n"u8.ToArray(), .. System.Security.Cryptography.RandomNumberGenerator.GetBytes(3000)]), "files", "Quyết định 12.pdf" } };
        var uploaded = await Host.Scenario(s =>
        {
            s.Post.MultipartFormData(content).ToUrl("/api/years/2017/scorecards/huu-lung/evidence");
            Authorized(s, "POST", "/api/years/2017/scorecards/huu-lung/evidence");
            s.StatusCodeShouldBe(201);
        });
        var sha = System.Text.Json.Nodes.JsonNode.Parse(await uploaded.ReadAsTextAsync())![0]!["sha256"]!.GetValue<string>();
        await Post("/api/years/2017/scorecards/huu-lung/adjustments", new { criterion = "1.1", points = 12, reason = "Điều chỉnh", decisionRef = "QĐ 12",
            evidence = new[] { new { title = "Quyết định 12", file = sha } } });
        await Post("/api/years/2017/rankings/districts/publications", new { decisionRef = "QĐ 345/QĐ-UBND" }, 201);

        var folder = Path.Combine(Path.GetTempPath(), $"cchc-backup-{Guid.NewGuid():N}");
        var restored = new NpgsqlConnectionStringBuilder(await TestDatabase.ConnectionStringAsync()) { Database = $"cchc_restored_{Guid.NewGuid():N}"[..30] }.ConnectionString;
        try
        {
            // The ledger has signed checkpoints: a backup without its witness file is refused, and writes no folder.
            var (refused, refusal) = await CchcOnLedger("backup", "--out", folder, "--witness", Path.Combine(folder + "-elsewhere", "checkpoints.jsonl"));
            Assert.Equal(2, refused);
            Assert.Contains("witness", refusal);
            Assert.False(Directory.Exists(folder));

            var (backup, printed) = await CchcOnLedger("backup", "--out", folder);
            Assert.True(backup == 0, printed);
            Assert.Contains("evidence: 1 files", printed);
            Assert.All(new[] { "ledger.dump", "checkpoints.jsonl", "public-key.pem", "manifest.json" }, f => Assert.True(File.Exists(Path.Combine(folder, f)), f));

            var (restore, restoreOutput) = await Cchc("restore", "--from", folder, "--connection", restored);
            Assert.True(restore == 0, restoreOutput);
            var (verify, verifyOutput) = await Cchc("verify", "--connection", restored, "--witness", Path.Combine(folder, "checkpoints.jsonl"),
                "--public-key", Path.Combine(folder, "public-key.pem"));
            Assert.True(verify == 0, verifyOutput);
            Assert.Contains("signed checkpoint", verifyOutput);
            Assert.Contains("ok: 1 evidence files", verifyOutput); // restored with the dump, and intact
            var (regenerate, regenerateOutput) = await Cchc("regenerate", "--all", "--connection", restored);
            Assert.True(regenerate == 0, regenerateOutput);

            // A ledger is never restored over another one.
            Assert.Equal(2, (await Cchc("restore", "--from", folder, "--connection", restored)).Exit);
            // A damaged backup is refused before anything is written.
            await File.AppendAllTextAsync(Path.Combine(folder, "checkpoints.jsonl"), "{}\n");
            Assert.Equal(2, (await Cchc("restore", "--from", folder, "--connection", restored.Replace("cchc_restored", "cchc_other"))).Exit);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
            await using var conn = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(restored) { Database = "postgres", Pooling = false }.ConnectionString);
            await conn.OpenAsync();
            await new NpgsqlCommand($"drop database if exists {new NpgsqlConnectionStringBuilder(restored).Database} with (force)", conn).ExecuteNonQueryAsync();
        }
    }
}
