using CchcLedger.Api.Evidence;
using CchcLedger.Api.Hosting;
using CchcLedger.Domain.Imports;
using Marten;
using Wolverine.Http;

namespace CchcLedger.Api.Imports;

/// <summary>
/// <c>POST /api/imports/{kind}</c>, multipart/form-data: the file (part <c>file</c>) and the command's fields
/// (<c>year</c>, <c>block</c>, <c>setId</c>, <c>title</c>, <c>classBands</c>, <c>decisionRef</c>, <c>effectiveAt</c>,
/// <c>selfAssessedAt</c>, <c>appraisedAt</c>, <c>surveyedAt</c>, <c>submit</c>, <c>dryRun</c>). A dry run answers
/// 200 with what would be written and every problem; an import answers 200 with what it wrote, or 400 with every
/// problem and nothing written. One route per kind, so that the access table says who may bring in what.
/// </summary>
public static class ImportFile
{
    /// <summary>The largest file the import page takes: a province's year of scores in XLSX is about 0.3 MiB.</summary>
    public const long MaxFileBytes = 64 * 1024 * 1024;

    public static async Task<IResult> HandleAsync(string kind, HttpContext http, IDocumentSession session)
    {
        if (!http.Request.HasFormContentType) return Problems.Make(415, "Unsupported media type", "body", "send multipart/form-data with the file in a part named file");
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        if (form.Files.GetFile("file") is not { Length: > 0 } file) return Problems.Make(400, "Invalid request", "file", "is required: the XLSX or CSV file, in a part named file");
        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, http.RequestAborted);

        string? Field(string name) => form.TryGetValue(name, out var v) && v.ToString() is { Length: > 0 } s ? s : null;
        int? year = null;
        if (Field("year") is { } y)
        {
            if (!int.TryParse(y, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var parsed))
                return Problems.Make(400, "Invalid request", "year", $"'{y}' is not a year");
            year = parsed;
        }
        var options = new ImportOptions(year, Field("block"), Field("setId"), Field("title"), Field("classBands"), Field("decisionRef"), Field("effectiveAt"),
            Field("selfAssessedAt"), Field("appraisedAt"), Field("surveyedAt"), Field("submit") is not ("false" or "0"));
        var dryRun = Field("dryRun") is "true" or "1";

        var report = await Importer.RunAsync(session, kind, file.FileName, buffer.ToArray(), options, dryRun, http.RequestAborted);
        return report.DryRun || report.Committed || report.AlreadyImported ? Results.Ok(report) : Refused(report);
    }

    /// <summary>Every problem, keyed where it is ("Sheet, dòng 12, cột C (Điểm tối đa)"), and the report beside them.</summary>
    private static IResult Refused(ImportReport report)
    {
        var errors = report.Problems.GroupBy(p => Where(p)).ToDictionary(g => g.Key, g => g.Select(p => p.Reason).ToArray());
        var details = new Microsoft.AspNetCore.Http.HttpValidationProblemDetails(errors)
        {
            Status = 400,
            Title = "Invalid request",
            Detail = $"{report.Problems.Count} problems in {report.FileName}; nothing was written",
            Type = "https://tools.ietf.org/html/rfc9110#section-15.5.1",
        };
        details.Extensions["problems"] = report.Problems;
        details.Extensions["sha256"] = report.Sha256;
        return TypedResults.Problem(details);
    }

    public static string Where(ImportProblem p) =>
        p.Row is null && p.Column is not null && p.Sheet == "(lệnh nhập)" ? p.Column
        : $"{p.Sheet}{(p.Row is { } r ? $", dòng {r}" : "")}{(p.Column is { } c ? $", cột {c}" : "")}";
}

public static class ImportCriteriaEndpoint
{
    [Api("Nhập bộ tiêu chí từ tệp XLSX hoặc CSV (phụ lục của quyết định)", "Import a criteria set from an XLSX or CSV file (a decision's appendix)")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<ImportReport>(200)]
    [Refuses(400, 413, 415)]
    [ImportForm]
    [WolverinePost("/api/imports/criteria"), StreamedBody]
    public static Task<IResult> Post(HttpContext http, IDocumentSession session) => ImportFile.HandleAsync(ImportKinds.Criteria, http, session);
}

public static class ImportAgenciesEndpoint
{
    [Api("Nhập các đơn vị của một khối từ tệp XLSX hoặc CSV", "Import a block's agencies from an XLSX or CSV file")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<ImportReport>(200)]
    [Refuses(400, 413, 415)]
    [ImportForm]
    [WolverinePost("/api/imports/agencies"), StreamedBody]
    public static Task<IResult> Post(HttpContext http, IDocumentSession session) => ImportFile.HandleAsync(ImportKinds.Agencies, http, session);
}

public static class ImportScoresEndpoint
{
    [Api("Nhập điểm tự chấm, thẩm định và điều tra XHH của cả khối từ tệp", "Import a whole block's self-scores, appraisals and survey points from a file")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<ImportReport>(200)]
    [Refuses(400, 413, 415)]
    [ImportForm]
    [WolverinePost("/api/imports/scores"), StreamedBody]
    public static Task<IResult> Post(HttpContext http, IDocumentSession session) => ImportFile.HandleAsync(ImportKinds.Scores, http, session);
}

/// <summary>A file imported, as <c>GET /api/imports</c> lists it: what it wrote, when the ledger recorded it, by whom.</summary>
public sealed record ImportListed(ImportRecorded Import, DateTimeOffset RecordedAt, string? RecordedBy);

/// <summary>
/// An import's multipart/form-data body (the file in a part named <c>file</c>, the command's fields beside it), which
/// the endpoint reads itself: the API contract describes it from <see cref="Fields"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ImportFormAttribute : Attribute
{
    public static readonly string[] Fields =
        ["year", "block", "setId", "title", "classBands", "decisionRef", "effectiveAt", "selfAssessedAt", "appraisedAt", "surveyedAt", "submit", "dryRun"];
}

public static class ListImportsEndpoint
{
    /// <summary>Every file imported: name, SHA-256, kind, what it wrote, when and by whom.</summary>
    [Api("Các tệp đã nhập", "The files imported")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<IReadOnlyList<ImportListed>>(200)]
    [WolverineGet("/api/imports")]
    public static async Task<IResult> Get(IQuerySession session)
    {
        var events = await session.Events.QueryAllRawEvents().Where(e => e.EventTypeName == "import_recorded").OrderBy(e => e.Sequence).ToListAsync();
        return Results.Ok(events.Select(e => new ImportListed((ImportRecorded)e.Data, e.Timestamp, e.UserName)).ToList());
    }
}
