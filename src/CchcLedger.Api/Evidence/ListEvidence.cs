using CchcLedger.Api.Hosting;
using CchcLedger.Domain.Scorecards;
using Marten;
using Wolverine.Http;

namespace CchcLedger.Api.Evidence;

public sealed record EvidenceListing(int Year, string Agency, IReadOnlyList<ListedFile> Files);

/// <summary>A file of a scorecard: its facts (name and type of its latest upload), every upload of it, and every event that cites it.</summary>
public sealed record ListedFile(string Sha256, long Size, string MediaType, string FileName, string Url, IReadOnlyList<ListedUpload> Uploads, IReadOnlyList<ListedCitation> CitedBy);

public sealed record ListedUpload(string FileName, DateTimeOffset UploadedAt, string UploadedBy, string Role);

public sealed record ListedCitation(long Sequence, long Version, string Type, string? Criterion, string Title, DateTimeOffset RecordedAt, string? RecordedBy);

public static class ListEvidenceEndpoint
{
    /// <summary>The files uploaded for an agency's scorecard of a year, oldest first, each with its uploads and the events citing it.</summary>
    [Api("Danh sách tài liệu kiểm chứng", "List a scorecard's evidence")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<EvidenceListing>(200)]
    [Refuses(404)]
    [WolverineGet("/api/years/{year}/scorecards/{agency}/evidence")]
    public static async Task<IResult> Get(int year, string agency, IQuerySession session, EvidenceCatalog catalog, CancellationToken ct)
    {
        if (await session.AgencyAsync(agency, ct) is null) return Problems.Make(404, "Not found", "agency", $"agency '{agency}' is not registered");
        var uploads = await catalog.OfScorecardAsync(year, agency, ct: ct);
        var citations = (await catalog.CitationsAsync([Scorecard.StreamKey(year, agency)], ct: ct)).ToLookup(c => c.File.Sha256);
        var files = uploads.GroupBy(u => u.Upload.Sha256).Select(g =>
        {
            var latest = g.Last().Upload;
            return new ListedFile(latest.Sha256, latest.Size, latest.MediaType, latest.FileName, $"/api/years/{year}/scorecards/{agency}/evidence/{latest.Sha256}",
                g.Select(u => new ListedUpload(u.Upload.FileName, u.Upload.UploadedAt, u.UploadedBy, u.UploadedRole)).ToList(),
                citations[latest.Sha256].Select(c => new ListedCitation(c.Sequence, c.Version, c.Type, c.Criterion, c.Title, c.RecordedAt, c.RecordedBy)).ToList());
        }).ToList();
        return Results.Ok(new EvidenceListing(year, agency, files));
    }
}
