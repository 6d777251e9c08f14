using System.Text.Json;
using System.Text.Json.Nodes;
using CchcLedger.Domain.Integrity;
using Npgsql;

namespace CchcLedger.Api.Evidence;

public sealed record EvidenceCitedAt(long Sequence, string Stream, string Type);

/// <summary>A file that fails: <see cref="Problem"/> is <c>altered</c> (its bytes no longer hash to its name) or <c>missing</c> (cited or uploaded, not stored).</summary>
public sealed record EvidenceFailure(string Sha256, string Problem, string Detail, IReadOnlyList<EvidenceCitedAt> CitedBy);

/// <summary>
/// The evidence store checked: every stored file re-hashed (<see cref="FilesChecked"/>, <see cref="BytesChecked"/>), and
/// every file cited by an event or recorded as uploaded found in the store. At most <see cref="EvidenceVerification.MaxListed"/>
/// failures are listed, those cited earliest first; <see cref="FailureCount"/> counts them all.
/// </summary>
public sealed record EvidenceReport(bool Ok, string Store, long FilesChecked, long BytesChecked, int FilesCited, int FailureCount, IReadOnlyList<EvidenceFailure> Failures);

/// <summary>
/// Verification of the evidence, beside the chain's: the events seal each cited file's hash, so a file whose bytes no
/// longer hash to it, or that is gone, is found here and reported as its own kind, <c>evidence</c>.
/// </summary>
public static class EvidenceVerification
{
    public const string Kind = "evidence";
    public const int MaxListed = 100;

    /// <param name="conn">The ledger's database, for the citing events and the uploads.</param>
    public static async Task<EvidenceReport> VerifyAsync(NpgsqlConnection conn, IEvidenceStore store, CancellationToken ct = default)
    {
        var cited = (await EvidenceCatalog.CitationsAsync(conn, null, null, null, ct))
            .GroupBy(c => c.File.Sha256)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<EvidenceCitedAt>)g.Select(c => new EvidenceCitedAt(c.Sequence, c.Stream, c.Type)).ToList());
        var uploaded = await EvidenceCatalog.UploadedFilesAsync(conn, ct);
        IReadOnlyList<EvidenceCitedAt> CitedBy(string sha256) => cited.GetValueOrDefault(sha256) ?? [];

        var failures = new List<EvidenceFailure>();
        var present = new HashSet<string>(StringComparer.Ordinal);
        long files = 0, bytes = 0;
        await foreach (var file in store.EnumerateAsync(ct))
        {
            files++;
            await using var content = await store.OpenAsync(file.Sha256, ct);
            if (content is null) continue; // listed, then gone: reported below as missing
            present.Add(file.Sha256);
            var (actual, size, complaint) = await EvidenceStores.HashStoredAsync(content, null, ct);
            bytes += size;
            if (actual != file.Sha256 || complaint is not null)
                failures.Add(new EvidenceFailure(file.Sha256, "altered", $"its stored bytes ({size:N0}) hash to {actual}{(complaint is null ? "" : $" ({complaint})")}",
                    CitedBy(file.Sha256)));
            else if (size != file.Size)
                failures.Add(new EvidenceFailure(file.Sha256, "altered", $"its bytes are intact but the store records {file.Size:N0} bytes for {size:N0}", CitedBy(file.Sha256)));
        }
        foreach (var sha256 in cited.Keys.Concat(uploaded).Distinct().Where(s => !present.Contains(s)))
            failures.Add(new EvidenceFailure(sha256, "missing",
                cited.ContainsKey(sha256) ? $"cited by {cited[sha256].Count} event(s) but not in the evidence store" : "uploaded but not in the evidence store", CitedBy(sha256)));

        var ordered = failures.OrderBy(f => f.CitedBy.Count == 0 ? long.MaxValue : f.CitedBy[0].Sequence).ThenBy(f => f.Sha256, StringComparer.Ordinal).ToList();
        return new EvidenceReport(ordered.Count == 0, store.Describe, files, bytes, cited.Count, ordered.Count, ordered.Take(MaxListed).ToList());
    }

    /// <summary>
    /// The chain's report with the evidence's beside it (<c>evidence</c>): <c>ok</c> only when both are. When the chain
    /// verifies and a file does not, <c>firstFailure</c> is that file, kind <c>evidence</c>, at the first event citing it
    /// (sequence 0 when none does). The chain's own members are kept as the chain reports them.
    /// </summary>
    public static JsonObject Combine(ChainReport chain, EvidenceReport evidence, JsonSerializerOptions json)
    {
        string Name(string member) => json.PropertyNamingPolicy?.ConvertName(member) ?? member;
        var report = JsonSerializer.SerializeToNode(chain, json)!.AsObject();
        report[Name(nameof(ChainReport.Ok))] = chain.Ok && evidence.Ok;
        if (chain.FirstFailure is null && FirstFailure(evidence) is { } failure)
            report[Name(nameof(ChainReport.FirstFailure))] = JsonSerializer.SerializeToNode(failure, json);
        report[Name("Evidence")] = JsonSerializer.SerializeToNode(evidence, json);
        return report;
    }

    public static ChainFailure? FirstFailure(EvidenceReport evidence) =>
        evidence.Failures.FirstOrDefault() is { } f
            ? new ChainFailure(f.CitedBy.FirstOrDefault()?.Sequence ?? 0, f.CitedBy.FirstOrDefault()?.Stream, Kind, $"file {f.Sha256} is {f.Problem}: {f.Detail}")
            : null;
}
