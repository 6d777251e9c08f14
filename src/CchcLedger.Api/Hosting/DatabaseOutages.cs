using System.Net.Sockets;
using Npgsql;

namespace CchcLedger.Api.Hosting;

/// <summary>
/// When PostgreSQL is stopped, restarting, frozen or saturated, a request is answered 503 with <c>Retry-After</c> —
/// never a 500, never a wait beyond the connection and command time-outs (see <see cref="LedgerDatabase"/>). After a
/// restart the pool still holds connections to the old server: on a broken connection the pools are cleared and a
/// request that is safe to repeat (a read, or a write under an <c>Idempotency-Key</c>, which can land only once) is
/// tried once more before anyone sees an error.
/// </summary>
public sealed class DatabaseOutages(RequestDelegate next, ILogger<DatabaseOutages> log)
{
    public const int RetryAfterSeconds = 5;

    public async Task InvokeAsync(HttpContext http)
    {
        try
        {
            await next(http);
        }
        catch (Exception e) when (!http.Response.HasStarted && Classify(e) is { } outage)
        {
            if (outage == Outage.BrokenConnection)
            {
                NpgsqlConnection.ClearAllPools();
                if (SafeToRepeat(http.Request))
                {
                    log.LogWarning("The database connection broke ({Error}); pools cleared, {Method} {Path} tried once more", e.GetBaseException().Message,
                        http.Request.Method, http.Request.Path);
                    if (http.Request.Body.CanSeek) http.Request.Body.Position = 0;
                    try
                    {
                        await next(http);
                        return;
                    }
                    catch (Exception again) when (!http.Response.HasStarted && Classify(again) is not null)
                    {
                        e = again;
                    }
                }
            }
            http.Response.Clear();
            http.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (outage == Outage.ClockBehind)
            {
                log.LogError("The database's clock stands behind the ledger's clock (it was set back): {Method} {Path} answered 503 ({Error})",
                    http.Request.Method, http.Request.Path, e.GetBaseException().Message);
                await Problems.WriteAsync(http, Problems.Details(503, "The ledger's clock is ahead of its database's", "database",
                    $"the database server's clock was set back, and the ledger never records an instant earlier than one it has recorded: " +
                    $"nothing was written; writes resume when the database's clock catches up (retry after {RetryAfterSeconds} seconds)"));
                return;
            }
            log.LogError("The database is not answering: {Method} {Path} answered 503 ({Error})", http.Request.Method, http.Request.Path, e.GetBaseException().Message);
            await Problems.WriteAsync(http, Problems.Details(503, "The ledger's database is not available", "database",
                $"the database did not answer in time or is restarting; retry after {RetryAfterSeconds} seconds. A write that was refused here " +
                "may or may not have been recorded: send it again with the same Idempotency-Key and it is recorded once"));
        }
    }

    private enum Outage { BrokenConnection, Unavailable, ClockBehind }

    private static bool SafeToRepeat(HttpRequest request) =>
        HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)
        || HttpMethods.IsPost(request.Method) && request.Headers.ContainsKey(Idempotency.Header) && request.Body.CanSeek;

    /// <summary>Whether an exception (or one it wraps) means the database is unreachable or overloaded, rather than a fault of the request or the code.</summary>
    private static Outage? Classify(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            switch (x)
            {
                case PostgresException pg:
                    // 08: connection exceptions; 57P0x: the server is shutting down or starting; 53: insufficient resources
                    // (disk full, out of memory, too many connections); 57014: a statement cancelled by its time-out;
                    // 40001/40P01: a serialisation failure; CC001: the database's clock was set back (EventSeals.ClockBehindState).
                    if (pg.SqlState.StartsWith("08", StringComparison.Ordinal) || pg.SqlState is "57P01" or "57P02" or "57P03") return Outage.BrokenConnection;
                    if (pg.SqlState.StartsWith("53", StringComparison.Ordinal) || pg.SqlState is "57014" or "40001" or "40P01") return Outage.Unavailable;
                    if (pg.SqlState == Projections.EventSeals.ClockBehindState) return Outage.ClockBehind;
                    return null;
                case NpgsqlException { InnerException: IOException or SocketException or EndOfStreamException }:
                    return Outage.BrokenConnection;
                case NpgsqlException { InnerException: TimeoutException }:
                case NpgsqlException { IsTransient: true }:
                case TimeoutException:
                    return Outage.Unavailable;
                case SocketException:
                    return Outage.BrokenConnection;
                // Npgsql's own "Connection is not open" on a connection that broke under the session using it.
                case InvalidOperationException when x.Source == "Npgsql":
                    return Outage.BrokenConnection;
            }
        }
        return null;
    }
}
