using System.Security.Cryptography;
using System.Text;
using CchcLedger.Projections;
using Marten;
using Npgsql;

namespace CchcLedger.Api.Hosting;

/// <summary>
/// <c>Idempotency-Key</c> on any POST: the first request with a key is carried out and, if it wrote to the ledger, its
/// key is recorded in the same transaction as its events (<see cref="IdempotencyKeys"/>) and its answer kept. The same
/// key with the same request then replays that answer (header <c>Idempotent-Replayed: true</c>) and writes nothing;
/// with another request it is refused (422). Requests with one key are carried out one at a time (an advisory lock),
/// so two sent at once write once. A request refused without writing anything keeps no key: it may simply be sent
/// again. Keys are per caller (role and name) and are kept <c>Idempotency:RetentionDays</c> (default 7).
/// </summary>
public sealed class Idempotency(RequestDelegate next, IDocumentStore store)
{
    public const string Header = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";
    public const int MaxKeyLength = 200;
    public static readonly TimeSpan LockWait = TimeSpan.FromSeconds(10);

    public async Task InvokeAsync(HttpContext http)
    {
        if (!HttpMethods.IsPost(http.Request.Method) || !http.Request.Headers.TryGetValue(Header, out var values))
        {
            await next(http);
            return;
        }
        var key = values.ToString();
        if (key.Length is 0 or > MaxKeyLength || key.Any(c => c is < '!' or > '~'))
        {
            await Problems.WriteAsync(http, Problems.Details(400, "Invalid request", Header,
                $"must be 1 to {MaxKeyLength} visible ASCII characters, such as a UUID, and only one of them"));
            return;
        }
        var actor = AuthSettings.ActorOf(http.User);
        var scoped = Scope(actor, key);
        var hash = await RequestHashAsync(http.Request);

        await using var conn = new NpgsqlConnection(store.Options.Tenancy.Default.Database.CreateConnection().ConnectionString);
        await conn.OpenAsync(http.RequestAborted);
        await using var held = await KeyLock.TakeAsync(conn, scoped, http.RequestAborted);
        if (held is null)
        {
            await Problems.WriteAsync(http, Problems.Details(409, "Conflict with the ledger's state", Header,
                "a request with this key is still being carried out; wait for its answer, or retry in a few seconds"));
            return;
        }
        if (held.Earlier is { } earlier) await AnswerAgainAsync(http, earlier, hash);
        else await CarryOutAsync(http, held, hash);
    }

    /// <summary>
    /// A key's advisory lock held on a connection (requests with one key run one at a time), with what was carried out
    /// earlier under the key. Disposing releases the lock, unless <see cref="KeepAsync"/> already did.
    /// </summary>
    public sealed class KeyLock : IAsyncDisposable
    {
        private readonly NpgsqlConnection _conn;
        private readonly long _lockId;
        private bool _released;

        private KeyLock(NpgsqlConnection conn, string scoped, long lockId, Earlier? earlier) => (_conn, Scoped, _lockId, Earlier) = (conn, scoped, lockId, earlier);

        public string Scoped { get; }
        public Earlier? Earlier { get; }

        /// <summary>The key's lock, waiting at most <see cref="LockWait"/>, and its earlier request in the same round trip; null when the wait ran out.</summary>
        public static async Task<KeyLock?> TakeAsync(NpgsqlConnection conn, string scoped, CancellationToken ct)
        {
            var lockId = BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes(scoped)));
            var (locked, earlier) = await LockAndFindAsync(conn, lockId, scoped, ct);
            return locked ? new KeyLock(conn, scoped, lockId, earlier) : null;
        }

        /// <summary>Keeps the answer beside the key and releases the lock, in one round trip (<see cref="KeepAndReleaseAsync"/>).</summary>
        public async Task KeepAsync(int status, string? contentType, string? location, string? etag, byte[] body)
        {
            await KeepAndReleaseAsync(_conn, Scoped, _lockId, status, contentType, location, etag, body);
            _released = true;
        }

        public async ValueTask DisposeAsync()
        {
            if (!_released) await ReleaseAsync(_conn, _lockId);
        }
    }

    /// <summary>
    /// In one round trip: takes the key's advisory lock on <paramref name="conn"/>, waiting at most <see cref="LockWait"/>,
    /// and reads what was carried out earlier under the key. Not locked after the wait.
    /// </summary>
    private static async Task<(bool Locked, Earlier? Earlier)> LockAndFindAsync(NpgsqlConnection conn, long lockId, string scoped, CancellationToken ct)
    {
        try
        {
            // Pooled connections are not reset when returned (LedgerDatabase.WithTimeouts), so the wait's bound is set back here.
            await using var batch = new NpgsqlBatch(conn)
            {
                BatchCommands =
                {
                    new($"set lock_timeout = '{(int)LockWait.TotalMilliseconds}ms'"),
                    new("select pg_advisory_lock(@id)") { Parameters = { new("id", lockId) } },
                    new("reset lock_timeout"),
                    new(FindSql) { Parameters = { new("key", scoped) } },
                },
            };
            await using var reader = await batch.ExecuteReaderAsync(ct);
            await reader.NextResultAsync(ct); // past the lock's row, to the key's
            return (true, await ReadEarlierAsync(reader, ct));
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.LockNotAvailable)
        {
            await using var reset = new NpgsqlCommand("reset lock_timeout", conn);
            await reset.ExecuteNonQueryAsync(ct);
            return (false, null);
        }
        catch (Exception)
        {
            // Cancelled or failed after the lock may have been taken: a pooled connection must not keep it.
            await ReleaseAsync(conn, lockId);
            throw;
        }
    }

    private static async Task ReleaseAsync(NpgsqlConnection conn, long lockId)
    {
        // A connection that broke took its lock with it; releasing is only for one that is still open.
        if (conn.State != System.Data.ConnectionState.Open) return;
        // The wait's bound is set back too, in case the lock's round trip was cut short after setting it.
        await using var release = new NpgsqlCommand($"reset lock_timeout; {UnlockSql}", conn);
        release.Parameters.AddWithValue("id", lockId);
        try { await release.ExecuteNonQueryAsync(CancellationToken.None); }
        catch (NpgsqlException) { /* the connection broke just now: the server has dropped the lock already */ }
    }

    private const string UnlockSql = "select pg_advisory_unlock(@id)";

    /// <summary>A key belongs to its caller: a signed-in account (in its role), or a token's role and name.</summary>
    public static string Scope(ActorInfo? actor, string key) =>
        actor?.AccountId is { } account ? $"account:{account}|{actor.Role}|{key}" : $"{actor?.Role}|{actor?.Name}|{key}";

    /// <summary>Carries the request out under its key, and keeps its answer (which releases the key's lock).</summary>
    private async Task CarryOutAsync(HttpContext http, KeyLock held, byte[] hash)
    {
        var original = http.Response.Body;
        using var buffer = new MemoryStream();
        http.Response.Body = buffer;
        try
        {
            using (IdempotencyKeys.Use(new IdempotentRequest(held.Scoped, hash)))
                await next(http);
            // An answer that holds a one-time secret (a new account's password) is never kept: a retry is told the request was carried out.
            if (!http.Response.Headers.CacheControl.ToString().Contains("no-store", StringComparison.OrdinalIgnoreCase))
                await held.KeepAsync(http.Response.StatusCode, http.Response.ContentType, http.Response.Headers.Location.ToString(),
                    http.Response.Headers.ETag.ToString(), buffer.ToArray());
        }
        finally
        {
            http.Response.Body = original;
        }
        buffer.Position = 0;
        await buffer.CopyToAsync(original, http.RequestAborted);
    }

    /// <summary>A request carried out earlier under a key: its hash, when, and its answer once kept (none if the process stopped before).</summary>
    public sealed record Earlier(byte[] RequestHash, DateTimeOffset RecordedAt, int? Status, string? ContentType, string? Location, string? ETag, byte[]? Body);

    private const string FindSql = $"select request_hash, recorded_at, status, content_type, location, etag, body from {LedgerStore.SchemaName}.{IdempotencyKeys.Table} where key = @key";

    public static async Task<Earlier?> FindAsync(NpgsqlConnection conn, string scoped, CancellationToken ct)
    {
        await using var find = new NpgsqlCommand(FindSql, conn);
        find.Parameters.AddWithValue("key", scoped);
        await using var reader = await find.ExecuteReaderAsync(ct);
        return await ReadEarlierAsync(reader, ct);
    }

    private static async Task<Earlier?> ReadEarlierAsync(NpgsqlDataReader row, CancellationToken ct)
    {
        if (!await row.ReadAsync(ct)) return null;
        return new Earlier(row.GetFieldValue<byte[]>(0), row.GetFieldValue<DateTimeOffset>(1), row.IsDBNull(2) ? null : row.GetInt32(2),
            row.IsDBNull(3) ? null : row.GetString(3), row.IsDBNull(4) ? null : row.GetString(4), row.IsDBNull(5) ? null : row.GetString(5),
            row.IsDBNull(6) ? null : row.GetFieldValue<byte[]>(6));
    }

    /// <summary>Keeps the answer beside the key; the row exists only if the request wrote to the ledger (it was inserted in that transaction).</summary>
    public static async Task KeepAsync(NpgsqlConnection conn, string scoped, int status, string? contentType, string? location, string? etag, byte[] body)
    {
        await using var batch = new NpgsqlBatch(conn) { BatchCommands = { Keep(scoped, status, contentType, location, etag, body) } };
        await batch.ExecuteNonQueryAsync(CancellationToken.None);
    }

    /// <summary>
    /// <see cref="KeepAsync"/>, and the key's lock released, in one round trip. The answer is committed before the lock is
    /// released (an error barrier ends its implicit transaction), so the next request with the key finds it.
    /// </summary>
    private static async Task KeepAndReleaseAsync(NpgsqlConnection conn, string scoped, long lockId, int status, string? contentType, string? location, string? etag, byte[] body)
    {
        var keep = Keep(scoped, status, contentType, location, etag, body);
        keep.AppendErrorBarrier = true;
        await using var batch = new NpgsqlBatch(conn) { BatchCommands = { keep, new(UnlockSql) { Parameters = { new("id", lockId) } } } };
        await batch.ExecuteNonQueryAsync(CancellationToken.None);
    }

    private static NpgsqlBatchCommand Keep(string scoped, int status, string? contentType, string? location, string? etag, byte[] body) => new(
        $"update {LedgerStore.SchemaName}.{IdempotencyKeys.Table} set status = @status, content_type = @type, location = @location, etag = @etag, body = @body where key = @key")
    {
        Parameters =
        {
            new("etag", etag is { Length: > 0 } ? etag : DBNull.Value),
            new("status", status),
            new("type", (object?)contentType ?? DBNull.Value),
            new("location", location is { Length: > 0 } ? location : DBNull.Value),
            new("body", body),
            new("key", scoped),
        },
    };

    private static async Task AnswerAgainAsync(HttpContext http, Earlier earlier, byte[] hash)
    {
        if (!earlier.RequestHash.AsSpan().SequenceEqual(hash))
        {
            await Problems.WriteAsync(http, Problems.Details(422, "Idempotency-Key reused", Header,
                $"was used at {earlier.RecordedAt:O} for another request (another path or body); a key names one request: use a new key for a new request"));
            return;
        }
        if (earlier.Status is not { } status)
        {
            // The events and the key were committed together, but the process stopped before the answer was kept.
            await Problems.WriteAsync(http, Problems.Details(409, "Conflict with the ledger's state", Header,
                $"the request with this key was carried out at {earlier.RecordedAt:O}, but its answer was not kept (it held a one-time password, or the server stopped before answering); " +
                "nothing was written now: read the resource to see its effect"));
            return;
        }
        http.Response.StatusCode = status;
        http.Response.Headers[ReplayedHeader] = "true";
        LedgerTelemetry.IdempotentReplays.Add(1);
        if (earlier.ContentType is { } type) http.Response.ContentType = type;
        if (earlier.Location is { } location) http.Response.Headers.Location = location;
        if (earlier.ETag is { } etag) http.Response.Headers.ETag = etag;
        if (earlier.Body is { Length: > 0 } body) await http.Response.Body.WriteAsync(body, http.RequestAborted);
    }

    /// <summary>SHA-256 of the method, the path with its query, and the body: what makes two requests "the same request".</summary>
    private static async Task<byte[]> RequestHashAsync(HttpRequest request)
    {
        // Buffered (to a temporary file past 30 KiB), so that the endpoint reads the body again from its start.
        request.EnableBuffering();
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.UTF8.GetBytes($"{request.Method}\n{request.Path}{request.QueryString}\n"));
        request.Body.Position = 0;
        if (await MultipartHashAsync(request) is { } parts) sha.AppendData(parts);
        else
        {
            request.Body.Position = 0;
            var chunk = new byte[16 * 1024];
            int read;
            while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0) sha.AppendData(chunk, 0, read);
        }
        request.Body.Position = 0;
        return sha.GetHashAndReset();
    }

    /// <summary>
    /// A multipart body hashed part by part (each part's Content-Disposition, its length and its bytes), not as sent: a
    /// client retrying an upload usually draws a new boundary, and the retry is still the same request. Null when the
    /// body is not multipart, or not well-formed (it is then hashed as sent).
    /// </summary>
    private static async Task<byte[]?> MultipartHashAsync(HttpRequest request)
    {
        if (!Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
            || !type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || Microsoft.Net.Http.Headers.HeaderUtilities.RemoveQuotes(type.Boundary) is not { Length: > 0 } boundary)
            return null;
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        try
        {
            var reader = new Microsoft.AspNetCore.WebUtilities.MultipartReader(boundary.ToString(), request.Body);
            var chunk = new byte[16 * 1024];
            while (await reader.ReadNextSectionAsync(request.HttpContext.RequestAborted) is { } section)
            {
                sha.AppendData(Encoding.UTF8.GetBytes($"part\n{section.ContentDisposition}\n"));
                long length = 0;
                int read;
                while ((read = await section.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
                {
                    sha.AppendData(chunk, 0, read);
                    length += read;
                }
                sha.AppendData(Encoding.UTF8.GetBytes($"\n{length}\n"));
            }
            return sha.GetHashAndReset();
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            return null;
        }
    }
}

/// <summary>Deletes idempotency keys past their retention (<c>Idempotency:RetentionDays</c>, default 7), once an hour.</summary>
public sealed class IdempotencyRetention(IDocumentStore store, TimeProvider clock, IConfiguration configuration, ILogger<IdempotencyRetention> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        var days = configuration.GetValue("Idempotency:RetentionDays", 7.0);
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1), clock);
        do
        {
            try
            {
                await using var conn = new NpgsqlConnection(store.Options.Tenancy.Default.Database.CreateConnection().ConnectionString);
                await conn.OpenAsync(ct);
                await using var delete = new NpgsqlCommand($"delete from {LedgerStore.SchemaName}.{IdempotencyKeys.Table} where recorded_at < @before", conn);
                delete.Parameters.AddWithValue("before", clock.GetUtcNow().AddDays(-days));
                var removed = await delete.ExecuteNonQueryAsync(ct);
                if (removed > 0) log.LogInformation("Removed {Count} idempotency keys older than {Days} days", removed, days);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning("Removing old idempotency keys failed ({Error}); the next hour tries again", e.Message);
            }
        } while (await timer.WaitForNextTickAsync(ct));
    }
}
