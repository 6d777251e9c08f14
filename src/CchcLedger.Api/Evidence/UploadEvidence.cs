using System.Buffers;
using System.Security.Cryptography;
using CchcLedger.Api.Hosting;
using CchcLedger.Domain.Criteria;
using CchcLedger.Domain.Scorecards;
using CchcLedger.Projections;
using Marten;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using Wolverine.Http;

namespace CchcLedger.Api.Evidence;

/// <summary>
/// Marks an endpoint that reads its body itself, as a stream (a multipart upload): <see cref="RequestGuards"/> does not
/// parse it as JSON, and its size limit is <see cref="EvidenceSettings.MaxBodyBytes"/> instead of 1 MiB.
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class)]
public sealed class StreamedBodyAttribute : Attribute;

/// <summary>A file as the upload answers it: what to cite (<see cref="Sha256"/>) and where to read it.</summary>
public sealed record UploadedEvidence(string Sha256, long Size, string MediaType, string FileName, bool AlreadyStored, string Url);

public static class UploadEvidenceEndpoint
{
    /// <summary>
    /// Uploads one or more files (multipart/form-data, parts named <c>files</c>) as evidence for an agency's scorecard
    /// of a year: each is recognised by its content and stored once by its SHA-256, and the upload is recorded (who,
    /// when, which name). 201 with <c>[{sha256, size, mediaType, fileName, alreadyStored, url}]</c>. Every file is
    /// checked before any is stored: one refused file (its type 415, its size or the request's 413) stores nothing.
    /// </summary>
    [Api("Tải lên tài liệu kiểm chứng", "Upload evidence files", Location = false)]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<IReadOnlyList<UploadedEvidence>>(201)]
    [Refuses(400, 404, 413, 415)]
    [WolverinePost("/api/years/{year}/scorecards/{agency}/evidence"), StreamedBody]
    public static async Task<IResult> Post(int year, string agency, HttpContext http, IQuerySession session, IEvidenceStore store, EvidenceCatalog catalog,
        EvidenceSettings settings, TimeProvider clock, CancellationToken ct)
    {
        if (CriteriaSetDecisions.CheckYear(year) is { } badYear) return Problems.For(badYear);
        if (await session.AgencyAsync(agency, ct) is null) return Problems.Make(404, "Not found", "agency", $"agency '{agency}' is not registered");

        await using var form = await UploadForm.ReadAsync(http.Request, settings, ct);
        if (form.Problem is { } problem) return TypedResults.Problem(problem);

        var answer = await StoreAsync(form, year, agency, store, catalog, AuthSettings.ActorOf(http.User)!, IdempotencyKeys.Value, clock.GetUtcNow(), ct);
        return Results.Created((string?)null, answer);
    }

    /// <summary>Stores the files of a checked upload and records the upload: for this endpoint and the pages' forms alike.</summary>
    /// <param name="key">The request's idempotency key, recorded with the upload; null when the upload is part of a form whose key goes with its event.</param>
    internal static async Task<List<UploadedEvidence>> StoreAsync(UploadForm form, int year, string agency, IEvidenceStore store, EvidenceCatalog catalog, ActorInfo actor,
        IdempotentRequest? key, DateTimeOffset now, CancellationToken ct)
    {
        var answer = new List<UploadedEvidence>();
        foreach (var file in form.Files)
        {
            var stored = await store.PutIfAbsentAsync(file.Sha256, file.Content, ct);
            answer.Add(new UploadedEvidence(file.Sha256, file.Size, file.Kind!.MediaType, file.FileName, !stored,
                $"/api/years/{year}/scorecards/{agency}/evidence/{file.Sha256}"));
        }
        // The bytes are in first: an upload recorded is always readable. A failure in between leaves a stored file that
        // no upload names, which a retry (or the same file uploaded later) simply finds there.
        await catalog.RecordAsync(form.Files.Select(f => new EvidenceUpload(f.Sha256, year, agency, f.Size, f.Kind!.MediaType, f.FileName, now)).ToList(), actor, key, ct);
        return answer;
    }
}

/// <summary>
/// A multipart body read part by part: each file spooled (in memory up to 1 MiB, then to a temporary file deleted on
/// close) while its SHA-256 is computed, its size held to the limits as it arrives, then recognised by its content.
/// The first refusal stops the reading; nothing is stored by reading.
/// </summary>
internal sealed class UploadForm : IAsyncDisposable
{
    public List<SpooledFile> Files { get; } = [];
    public Microsoft.AspNetCore.Http.HttpValidationProblemDetails? Problem { get; private set; }

    public static async Task<UploadForm> ReadAsync(HttpRequest request, EvidenceSettings settings, CancellationToken ct)
    {
        var form = new UploadForm();
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type) || !type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(type.Boundary) is not { Length: > 0 } boundary)
            return form.Refuse(415, "body", "must be multipart/form-data, with each file in a part named 'files'");

        var reader = new MultipartReader(boundary.ToString(), request.Body);
        long total = 0;
        try
        {
            while (await reader.ReadNextSectionAsync(ct) is { } section)
            {
                var field = $"files[{form.Files.Count}]";
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) || !disposition.IsFileDisposition())
                    return form.Refuse(400, disposition is { Name.HasValue: true } ? HeaderUtilities.RemoveQuotes(disposition.Name).ToString() : field,
                        "is not a file: only files are accepted, each in a part with a file name (Content-Disposition: form-data; name=\"files\"; filename=\"…\")");
                if (HeaderUtilities.RemoveQuotes(disposition.Name).ToString() is not ("files" or "file") and var other)
                    return form.Refuse(400, other, "is not a field of this request: send each file in a part named 'files'");
                if (form.Files.Count == settings.MaxFilesPerRequest)
                    return form.Refuse(400, "files", $"at most {settings.MaxFilesPerRequest} files per request; send the others in another request");

                var raw = disposition.FileNameStar.HasValue ? disposition.FileNameStar.ToString() : HeaderUtilities.RemoveQuotes(disposition.FileName).ToString();
                var (fileName, nameError) = EvidenceContent.CleanFileName(raw);
                if (nameError is not null) return form.Refuse(400, field, $"{nameError}; nothing was stored");

                var file = new SpooledFile(fileName!);
                form.Files.Add(file);
                if (!await file.CopyFromAsync(section.Body, Math.Min(settings.MaxFileBytes, settings.MaxRequestBytes - total), ct))
                    return file.Size > settings.MaxFileBytes
                        ? form.Refuse(413, field, $"'{fileName}' is larger than {Size(settings.MaxFileBytes)}, the most a file may be; nothing was stored")
                        : form.Refuse(413, field, $"'{fileName}' brings the request over {Size(settings.MaxRequestBytes)}, the most one request may upload; " +
                                                  "nothing was stored: send the files in several requests");
                total += file.Size;

                var (kind, refusal) = EvidenceContent.Recognise(file.Content);
                if (kind is null) return form.Refuse(415, field, $"'{fileName}' {refusal}; nothing was stored");
                file.Kind = kind;
            }
        }
        catch (Microsoft.AspNetCore.Http.BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return form.Refuse(413, "body", $"is larger than {Size(settings.MaxBodyBytes)}; nothing was stored");
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            return form.Refuse(400, "body", $"is not a well-formed multipart/form-data body ({e.Message}); nothing was stored");
        }
        return form.Files.Count == 0 ? form.Refuse(400, "files", "is required: one or more files, each in a part named 'files'") : form;
    }

    /// <summary>
    /// The files of a page's form (already read by the form binding, which the antiforgery check needs), held to the same
    /// limits and recognised by the same rules as a multipart upload to the API.
    /// </summary>
    public static async Task<UploadForm> FromFilesAsync(IEnumerable<IFormFile> files, EvidenceSettings settings, CancellationToken ct)
    {
        var form = new UploadForm();
        long total = 0;
        foreach (var part in files)
        {
            var field = $"files[{form.Files.Count}]";
            if (form.Files.Count == settings.MaxFilesPerRequest)
                return form.Refuse(400, "files", $"at most {settings.MaxFilesPerRequest} files per request; send the others in another request");
            var (fileName, nameError) = EvidenceContent.CleanFileName(part.FileName);
            if (nameError is not null) return form.Refuse(400, field, $"{nameError}; nothing was stored");
            var file = new SpooledFile(fileName!);
            form.Files.Add(file);
            await using var content = part.OpenReadStream();
            if (!await file.CopyFromAsync(content, Math.Min(settings.MaxFileBytes, settings.MaxRequestBytes - total), ct))
                return file.Size > settings.MaxFileBytes
                    ? form.Refuse(413, field, $"'{fileName}' is larger than {Size(settings.MaxFileBytes)}, the most a file may be; nothing was stored")
                    : form.Refuse(413, field, $"'{fileName}' brings the request over {Size(settings.MaxRequestBytes)}, the most one request may upload; nothing was stored: send the files in several requests");
            total += file.Size;
            var (kind, refusal) = EvidenceContent.Recognise(file.Content);
            if (kind is null) return form.Refuse(415, field, $"'{fileName}' {refusal}; nothing was stored");
            file.Kind = kind;
        }
        return form;
    }

    internal static string Size(long bytes) => bytes % (1024 * 1024) == 0 ? $"{bytes / (1024 * 1024)} MiB" : $"{bytes:N0} bytes";

    private UploadForm Refuse(int status, string field, string reason)
    {
        Problem = Problems.Details(status, status switch
        {
            413 => "Request body too large",
            415 => "Unsupported Media Type",
            _ => "Invalid request",
        }, field, reason);
        return this;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var file in Files) await file.Content.DisposeAsync();
    }
}

/// <summary>One uploaded file, received: in memory up to <see cref="InMemoryBytes"/>, beyond that in a temporary file deleted when it is closed.</summary>
internal sealed class SpooledFile(string fileName)
{
    public const int InMemoryBytes = 1024 * 1024;

    public string FileName { get; } = fileName;
    public Stream Content { get; private set; } = new MemoryStream();
    public long Size { get; private set; }
    public string Sha256 { get; private set; } = "";
    public EvidenceKind? Kind { get; set; }

    /// <summary>Copies the part's body, hashing it; false (and the rest left unread) as soon as it exceeds <paramref name="limit"/> bytes.</summary>
    public async Task<bool> CopyFromAsync(Stream body, long limit, CancellationToken ct)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            int read;
            while ((read = await body.ReadAsync(buffer.AsMemory(0, 81920), ct)) > 0)
            {
                Size += read;
                if (Size > limit) return false;
                if (Content is MemoryStream memory && Size > InMemoryBytes)
                {
                    var file = new FileStream(Path.Combine(Path.GetTempPath(), $"cchc-evidence-{Guid.NewGuid():N}.part"), FileMode.CreateNew, FileAccess.ReadWrite,
                        FileShare.None, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
                    memory.Position = 0;
                    await memory.CopyToAsync(file, ct);
                    Content = file;
                }
                await Content.WriteAsync(buffer.AsMemory(0, read), ct);
                sha.AppendData(buffer, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        Sha256 = Convert.ToHexStringLower(sha.GetHashAndReset());
        Content.Position = 0;
        return true;
    }
}
