using Marten;
using Wolverine.Http;

namespace CchcLedger.Api;

public sealed record HealthStatus(string Status, string Database);

public static class HealthEndpoint
{
    /// <summary>200 when the database answers, 503 when it does not.</summary>
    [WolverineGet("/health")]
    public static async Task<IResult> Get(IDocumentStore store, CancellationToken ct)
    {
        try
        {
            await using var conn = store.Storage.Database.CreateConnection();
            await conn.OpenAsync(ct);
            await using var cmd = conn.CreateCommand();
            cmd.CommandText = "select 1";
            await cmd.ExecuteScalarAsync(ct);
            return Results.Ok(new HealthStatus("ok", "ok"));
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException or InvalidOperationException)
        {
            return Results.Json(new HealthStatus("unavailable", e.Message), statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }
}
