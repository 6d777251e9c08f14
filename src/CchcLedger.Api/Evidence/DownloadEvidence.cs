using CchcLedger.Api.Hosting;
using CchcLedger.Api.Rankings;
using CchcLedger.Domain.Scorecards;
using Marten;
using Microsoft.Net.Http.Headers;
using Wolverine.Http;

namespace CchcLedger.Api.Evidence;

/// <summary>
/// Serves a file only after checking it: the stored bytes are read in full and hashed before the first byte is sent
/// (buffered in memory up to 4 MiB, beyond that in a temporary file), so a client never receives a file that claims to
/// be the evidence and is not. A file whose bytes no longer hash to its name, or that is missing from the store, is
/// withheld: 500 with problem details naming <c>sha256</c>, and an error in the log. 500 because the request is right and
/// the server's storage is not; it is not retryable (not 503), and a 5xx is what operators are alerted to.
/// </summary>
public sealed class EvidenceDownload(IEvidenceStore store, ILogger<EvidenceDownload> log)
{
    private const int InMemoryBytes = 4 * 1024 * 1024;

    public async Task<IResult> SendAsync(HttpContext http, string sha256, string mediaType, string fileName, CancellationToken ct)
    {
        var etag = new EntityTagHeaderValue($"\"{sha256}\"");
        // The bytes under a name never change: a client that has them (and checked them) needs nothing more.
        if (http.Request.GetTypedHeaders().IfNoneMatch is { Count: > 0 } known && known.Any(t => t.Compare(etag, useStrongComparison: false)))
        {
            http.Response.Headers.ETag = etag.ToString();
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        var (verified, problem) = await ReadVerifiedAsync(store, sha256, ct);
        if (verified is null)
        {
            log.LogError("Evidence file {Sha256} withheld: it {Problem} ({Store})", sha256, problem, store.Describe);
            return Problems.Make(StatusCodes.Status500InternalServerError, "Stored evidence does not match its hash", "sha256",
                $"the stored file {sha256} {problem}; it is withheld rather than served as the evidence. The evidence store was altered or damaged: " +
                "restore the file from a backup (cchc verify lists every such file)");
        }

        var headers = http.Response.Headers;
        // filename*=UTF-8''… carries the name (RFC 6266, RFC 5987); filename= is for clients that know no better.
        var disposition = new ContentDispositionHeaderValue(ShownInline(mediaType) ? "inline" : "attachment")
        {
            FileName = AsciiFallback(fileName),
            FileNameStar = fileName,
        };
        headers.ContentDisposition = disposition.ToString();
        headers.CacheControl = "private, max-age=31536000, immutable";
        headers.XContentTypeOptions = "nosniff";
        return Results.Stream(verified, mediaType == EvidenceContent.Csv.MediaType ? "text/csv; charset=utf-8" : mediaType, entityTag: etag);
    }

    /// <summary>The name without its diacritics (Kế hoạch → Ke hoach, đ → d), any other non-ASCII character as '_'.</summary>
    internal static string AsciiFallback(string name)
    {
        var plain = new System.Text.StringBuilder(name.Length);
        foreach (var c in name.Replace('đ', 'd').Replace('Đ', 'D').Normalize(System.Text.NormalizationForm.FormD))
            if (System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.NonSpacingMark)
                plain.Append(c is >= ' ' and <= '~' and not '"' and not '\\' ? c : '_');
        return plain.ToString();
    }

    /// <summary>PDFs and images open in the browser; Office files and tables are saved.</summary>
    private static bool ShownInline(string mediaType) => mediaType == EvidenceContent.Pdf.MediaType || mediaType.StartsWith("image/", StringComparison.Ordinal);

    /// <summary>The stored bytes, read in full and checked against their name; or, when they are missing or do not match, why.</summary>
    public static async Task<(Stream? Verified, string? Problem)> ReadVerifiedAsync(IEvidenceStore store, string sha256, CancellationToken ct)
    {
        await using var stored = await store.OpenAsync(sha256, ct);
        if (stored is null) return (null, "is missing from the evidence store");
        Stream buffer = stored.Length <= InMemoryBytes
            ? new MemoryStream((int)Math.Max(stored.Length, 0))
            : new FileStream(Path.Combine(Path.GetTempPath(), $"cchc-evidence-{Guid.NewGuid():N}.out"), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None,
                81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        try
        {
            var (actual, size, complaint) = await EvidenceStores.HashStoredAsync(stored, buffer, ct);
            if (actual != sha256 || complaint is not null)
            {
                await buffer.DisposeAsync();
                return (null, $"no longer matches its SHA-256: its {size:N0} bytes hash to {actual}{(complaint is null ? "" : $" ({complaint})")}");
            }
            buffer.Position = 0;
            return (buffer, null);
        }
        catch
        {
            await buffer.DisposeAsync();
            throw;
        }
    }
}

public static class DownloadEvidenceEndpoint
{
    /// <summary>
    /// A file of an agency's scorecard (uploaded for it, and so possibly cited by its events), checked against its hash:
    /// the bytes with <c>Content-Type</c> the recognised type, <c>Content-Disposition</c> with the original name, and
    /// <c>ETag</c> the hash. A file that is not this scorecard's is a 404, whether or not it exists elsewhere.
    /// </summary>
    [Api("Tải xuống tài liệu kiểm chứng", "Download an evidence file")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType(typeof(Stream), 200, "application/octet-stream")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType(304)]
    [Refuses(400, 404, 500)]
    [WolverineGet("/api/years/{year}/scorecards/{agency}/evidence/{sha256}")]
    public static async Task<IResult> Get(int year, string agency, string sha256, EvidenceCatalog catalog, EvidenceDownload download, HttpContext http, CancellationToken ct)
    {
        var name = sha256.ToLowerInvariant();
        if (!EvidenceContent.IsSha256(name)) return Problems.Make(400, "Invalid request", "sha256", $"'{sha256}' is not a SHA-256: 64 hexadecimal digits");
        var uploads = await catalog.OfScorecardAsync(year, agency, name, ct);
        if (uploads.Count == 0) return Problems.Make(404, "Not found", "sha256", NotAmong(name, $"the evidence of the {year} scorecard of '{agency}'"));
        var latest = uploads[^1].Upload;
        return await download.SendAsync(http, name, latest.MediaType, latest.FileName, ct);
    }

    internal static string NotAmong(string sha256, string where) => $"no file {sha256} is among {where}";
}

public static class PublishedEvidenceEndpoint
{
    /// <summary>
    /// A file cited by an event that a publication derives from (a ranked agency's scorecard, up to the publication's
    /// sequence), for anyone, when the province publishes evidence (<c>Evidence:Public</c>); otherwise, and for any file
    /// the publication does not cite, a 404. Name and type are those the citing event recorded.
    /// </summary>
    [Api("Tải xuống tài liệu được kết quả công bố trích dẫn", "Download a file cited by a publication")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType(typeof(Stream), 200, "application/octet-stream")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType(304)]
    [Refuses(400, 404, 500)]
    [WolverineGet("/api/years/{year}/rankings/{block}/publications/{n}/evidence/{sha256}")]
    public static async Task<IResult> Get(int year, string block, int n, string sha256, IQuerySession session, EvidenceCatalog catalog, EvidenceDownload download,
        EvidenceSettings settings, HttpContext http, CancellationToken ct)
    {
        if (!settings.Public)
            return Problems.Make(404, "Not found", "sha256", "this ledger does not publish evidence files (Evidence:Public is off): ask the agency or the appraisal office");
        var name = sha256.ToLowerInvariant();
        if (!EvidenceContent.IsSha256(name)) return Problems.Make(400, "Invalid request", "sha256", $"'{sha256}' is not a SHA-256: 64 hexadecimal digits");
        if (await Publications.FindAsync(session, year, block, n, ct) is not var (publication, _))
            return Problems.Make(404, "Not found", "n", $"publication {n} of {year} block '{block}' does not exist");
        var streams = publication.Entries.Select(e => Scorecard.StreamKey(year, e.Agency)).ToList();
        var citations = await catalog.CitationsAsync(streams, publication.ThroughSequence, name, ct);
        if (citations.Count == 0) return Problems.Make(404, "Not found", "sha256", DownloadEvidenceEndpoint.NotAmong(name, $"the evidence cited by publication {n} of {year} '{block}'"));
        var file = citations[^1].File;
        return await download.SendAsync(http, name, file.MediaType, file.FileName, ct);
    }
}
