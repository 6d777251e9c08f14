using CchcLedger.Api.Evidence;
using CchcLedger.Projections;
using Npgsql;

namespace CchcLedger.Cli;

/// <summary>What <c>cchc verify</c> says of the evidence store, after the chain (the settings are the API's: <c>Evidence__Store</c>, <c>Evidence__S3__…</c>).</summary>
internal static class EvidenceCommands
{
    /// <summary>
    /// What <c>cchc backup</c> says of the evidence: with the PostgreSQL store the files are in the dump (one snapshot
    /// with the events citing them); with the S3 store they are not, and the bucket is backed up beside it.
    /// </summary>
    public static async Task BackupNoteAsync(NpgsqlConnection conn, CancellationToken ct)
    {
        var settings = EvidenceSettings.From(CliOptions.Settings);
        if (settings.Store == "s3")
        {
            Console.WriteLine($"evidence files are in the S3 store (bucket {settings.S3!.Bucket}, prefix '{settings.S3.Prefix}') and NOT in this backup: " +
                              "copy the bucket now, after the database (README, 'Evidence files')");
            return;
        }
        await using var cmd = new NpgsqlCommand($"select count(*), coalesce(sum(size), 0)::bigint from {LedgerStore.SchemaName}.{EvidenceTables.Blobs}", conn);
        await using var row = await cmd.ExecuteReaderAsync(ct);
        await row.ReadAsync(ct);
        Console.WriteLine($"evidence: {row.GetInt64(0):N0} files ({row.GetInt64(1) / 1024.0 / 1024.0:N1} MiB) in the dump, with the events citing them");
    }

    public static void Print(EvidenceReport report, bool json)
    {
        if (json) return; // the JSON report carries it as "evidence"
        var size = $"{report.BytesChecked / 1024.0 / 1024.0:N1} MiB";
        if (report.Ok)
        {
            Console.WriteLine($"ok: {report.FilesChecked:N0} evidence files ({size}) re-hashed in {report.Store}, {report.FilesCited:N0} cited by events, all present and intact");
            return;
        }
        Console.WriteLine($"EVIDENCE BROKEN: {report.FailureCount:N0} of the files in {report.Store} ({report.FilesChecked:N0} re-hashed, {size}):");
        foreach (var f in report.Failures)
            Console.WriteLine($"  {f.Sha256} {f.Problem}: {f.Detail}" +
                              (f.CitedBy.Count == 0 ? "; cited by no event" : $"; cited by {string.Join(", ", f.CitedBy.Take(5).Select(c => $"{c.Stream} at sequence {c.Sequence} ({c.Type})"))}"));
        if (report.FailureCount > report.Failures.Count) Console.WriteLine($"  … and {report.FailureCount - report.Failures.Count:N0} more");
    }
}
