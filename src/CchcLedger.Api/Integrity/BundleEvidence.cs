using System.Security.Cryptography;
using System.Text.Json;
using CchcLedger.Api.Evidence;
using CchcLedger.Domain.Integrity;

namespace CchcLedger.Api.Integrity;

/// <summary>A file of a bundle's evidence folder that does not hash to its name: the bytes are not the ones the events cite.</summary>
public sealed record AlteredEvidence(string Sha256, string Actual, IReadOnlyList<long> CitedBy);

/// <summary>What exporting or checking a bundle's evidence folder found.</summary>
public sealed record EvidenceFolderReport(int Cited, int Present, IReadOnlyList<AlteredEvidence> Altered, IReadOnlyList<string> Problems);

/// <summary>
/// The evidence files beside a bundle (docs/integrity/bundles.md, "Evidence files"): <c>DIR/evidence/{sha256}</c>, one file
/// per hash the bundle's events cite, named by the lower-case hex SHA-256 of its bytes. The hashes are part of the sealed
/// events, so a file proves itself: a verifier re-hashes every cited file present; a file absent is not a failure
/// (a bundle exported without <c>--with-evidence</c> has none).
/// </summary>
public static class BundleEvidence
{
    public const string Folder = "evidence";

    /// <summary>
    /// The hashes the bundle's events cite, each with the sequences of the events citing it: every
    /// <c>evidence[].file.sha256</c> of an event's data that is 64 lower-case hex (any other value names no file).
    /// </summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<long>> Cited(PublicationBundle bundle)
    {
        var cited = new SortedDictionary<string, List<long>>(StringComparer.Ordinal);
        foreach (var e in bundle.Proof.Events.OrderBy(e => e.Sequence))
        {
            JsonDocument data;
            try { data = JsonDocument.Parse(e.Data); }
            catch (JsonException) { continue; } // such an event fails step 8 before evidence is looked at
            using (data)
            {
                if (data.RootElement.ValueKind != JsonValueKind.Object || !data.RootElement.TryGetProperty("evidence", out var list) || list.ValueKind != JsonValueKind.Array)
                    continue;
                foreach (var item in list.EnumerateArray())
                    if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty("file", out var file) && file.ValueKind == JsonValueKind.Object
                        && file.TryGetProperty("sha256", out var sha) && sha.ValueKind == JsonValueKind.String && sha.GetString() is { } hash && Checkpoint.IsHash(hash))
                        (cited.TryGetValue(hash, out var by) ? by : cited[hash] = []).Add(e.Sequence);
            }
        }
        return cited.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<long>)kv.Value.Distinct().ToList(), StringComparer.Ordinal);
    }

    /// <summary>
    /// Writes every cited file from <paramref name="store"/> to <c>{folder}/evidence/{sha256}</c>, each checked against its
    /// hash on the way: a file missing from the store, or whose stored bytes no longer hash to its name, is not written and
    /// is reported.
    /// </summary>
    public static async Task<EvidenceFolderReport> ExportAsync(PublicationBundle bundle, IEvidenceStore store, string folder, CancellationToken ct = default)
    {
        var cited = Cited(bundle);
        var target = Directory.CreateDirectory(Path.Combine(folder, Folder)).FullName;
        var (altered, problems, written) = (new List<AlteredEvidence>(), new List<string>(), 0);
        foreach (var (sha256, citedBy) in cited)
        {
            await using var content = await store.OpenAsync(sha256, ct);
            if (content is null)
            {
                problems.Add($"evidence file {sha256} (cited by event {string.Join(", ", citedBy)}) is not in the evidence store ({store.Describe})");
                continue;
            }
            var (file, partial) = (Path.Combine(target, sha256), Path.Combine(target, $"{sha256}.partial"));
            string actual;
            string? complaint;
            await using (var copy = File.Create(partial)) (actual, _, complaint) = await EvidenceStores.HashStoredAsync(content, copy, ct);
            if (actual != sha256 || complaint is not null)
            {
                File.Delete(partial);
                altered.Add(new(sha256, actual, citedBy));
                problems.Add($"the stored bytes of evidence file {sha256} hash to {actual}{(complaint is null ? "" : $" ({complaint})")}: not exported");
                continue;
            }
            File.Move(partial, file, overwrite: true);
            written++;
        }
        return new(cited.Count, written, altered, problems);
    }

    /// <summary>
    /// Step 9 of docs/integrity/bundles.md: every file of <c>{folder}/evidence</c> whose name is a cited hash must hash to
    /// its name. Files named otherwise are not this bundle's evidence and are ignored; a cited file absent is no failure.
    /// </summary>
    public static async Task<EvidenceFolderReport> CheckAsync(PublicationBundle bundle, string folder, CancellationToken ct = default)
    {
        var cited = Cited(bundle);
        var evidence = Path.Combine(folder, Folder);
        if (!Directory.Exists(evidence)) return new(cited.Count, 0, [], []);
        var (altered, present) = (new List<AlteredEvidence>(), 0);
        foreach (var file in Directory.EnumerateFiles(evidence).Order(StringComparer.Ordinal))
        {
            if (!cited.TryGetValue(Path.GetFileName(file), out var citedBy)) continue;
            present++;
            await using var bytes = File.OpenRead(file);
            var actual = Convert.ToHexStringLower(await SHA256.HashDataAsync(bytes, ct));
            if (actual != Path.GetFileName(file)) altered.Add(new(Path.GetFileName(file), actual, citedBy));
        }
        return new(cited.Count, present, altered, []);
    }
}
