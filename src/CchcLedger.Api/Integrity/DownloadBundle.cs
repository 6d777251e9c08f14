using CchcLedger.Api.Hosting;
using Marten;
using Npgsql;
using Wolverine.Http;

namespace CchcLedger.Api.Integrity;

public static class DownloadBundleEndpoint
{
    /// <summary>
    /// A publication's bundle (<c>cchc-bundle/2</c>, gzip), as <c>cchc export</c> writes it: public, like the publication,
    /// so that anyone (the publication page's verifier among them) can check it without trusting this server's word.
    /// </summary>
    [Api("Gói kiểm chứng của lần công bố", "A publication's verification bundle")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType(typeof(Stream), 200, "application/gzip")]
    [Refuses(404)]
    [WolverineGet("/api/years/{year}/rankings/{block}/publications/{n}/bundle")]
    public static async Task<IResult> Get(int year, string block, int n, IQuerySession session, CheckpointSigner signer, HttpContext http, CancellationToken ct)
    {
        await using var conn = new NpgsqlConnection(session.DocumentStore.Options.Tenancy.Default.Database.CreateConnection().ConnectionString);
        await conn.OpenAsync(ct);
        var (bundle, problem) = await PublicationBundle.BuildAsync(session, conn, signer, year, block, n, ct);
        if (bundle is null) return Problems.Make(404, "Not found", "n", problem!);
        var body = new MemoryStream();
        await bundle.WriteAsync(body, ct);
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"cchc-{year}-{block}-{n}.{PublicationBundle.FileName}\"";
        return Results.Bytes(body.ToArray(), "application/gzip");
    }
}
