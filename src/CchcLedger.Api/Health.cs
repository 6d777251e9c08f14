using System.Diagnostics;
using CchcLedger.Api.Hosting;
using Marten;
using Npgsql;
using Wolverine.Http;

namespace CchcLedger.Api;

/// <summary>How the ledger is: <c>live</c> (the process answers), <c>ready</c> or <c>unavailable</c> (the database answers, or not).</summary>
/// <param name="Database">For signed-in staff only: how the database answered. Anonymous callers learn nothing internal.</param>
public sealed record HealthStatus(string Status, string? Database = null);

/// <summary>
/// Liveness and readiness for orchestrators and monitors: anonymous, never rate-limited, and bounded in time (the
/// readiness probe waits at most <see cref="ProbeTimeoutSeconds"/> seconds for the database, on a connection of its own).
/// </summary>
public static class HealthEndpoints
{
    public const int ProbeTimeoutSeconds = 2;

    /// <summary>200 while the process answers requests; it never touches the database.</summary>
    [Api("Dịch vụ còn chạy", "Liveness")]
    [WolverineGet("/health/live")]
    public static HealthStatus Live() => new("live");

    /// <summary>200 when the database answers within the probe's time-out, 503 (with <c>Retry-After</c>) when it does not.</summary>
    [Api("Dịch vụ sẵn sàng", "Readiness")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<HealthStatus>(200)]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<HealthStatus>(503)]
    [WolverineGet("/health/ready")]
    public static Task<IResult> Ready(IDocumentStore store, HttpContext http) => ProbeAsync(store, http);

    /// <summary>The same as <c>/health/ready</c>.</summary>
    [Api("Dịch vụ sẵn sàng", "Readiness (as /health/ready)")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<HealthStatus>(200)]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<HealthStatus>(503)]
    [WolverineGet("/health")]
    public static Task<IResult> Get(IDocumentStore store, HttpContext http) => ProbeAsync(store, http);

    private static async Task<IResult> ProbeAsync(IDocumentStore store, HttpContext http)
    {
        var staff = AuthSettings.ActorOf(http.User) is { Role: not Roles.AgencyOfficer };
        var probe = new NpgsqlConnectionStringBuilder(store.Options.Tenancy.Default.Database.CreateConnection().ConnectionString)
        {
            Timeout = ProbeTimeoutSeconds, CommandTimeout = ProbeTimeoutSeconds, CancellationTimeout = -1, Pooling = false,
        };
        var watch = Stopwatch.StartNew();
        try
        {
            using var budget = new CancellationTokenSource(TimeSpan.FromSeconds(ProbeTimeoutSeconds));
            await using var conn = new NpgsqlConnection(probe.ConnectionString);
            await conn.OpenAsync(budget.Token);
            await using var cmd = new NpgsqlCommand("select 1", conn);
            await cmd.ExecuteScalarAsync(budget.Token);
            return Results.Ok(new HealthStatus("ready", staff ? $"answered in {watch.ElapsedMilliseconds} ms" : null));
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or OperationCanceledException or System.Net.Sockets.SocketException)
        {
            http.Response.Headers.RetryAfter = DatabaseOutages.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Results.Json(new HealthStatus("unavailable", staff ? $"no answer after {watch.ElapsedMilliseconds} ms: {e.GetBaseException().Message}" : null),
                statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }
}
