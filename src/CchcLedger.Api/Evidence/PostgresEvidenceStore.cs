using System.Data;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using CchcLedger.Projections;
using Npgsql;

namespace CchcLedger.Api.Evidence;

/// <summary>
/// Evidence in the ledger's own PostgreSQL (the default): each file once, in chunks of <see cref="ChunkBytes"/>
/// (<c>evidence_chunks</c>), then its <c>evidence_blobs</c> row, in one transaction. So the README's two commands still do
/// everything, and <c>cchc backup</c> (pg_dump) takes the files in the same consistent snapshot as the events citing
/// them. The application role can insert and read these tables, never update, delete or truncate them.
/// </summary>
public sealed class PostgresEvidenceStore(string connectionString) : IEvidenceStore
{
    /// <summary>Small enough that no value strains the server, a pg_dump or a replication stream; large enough that a typical scan is one row.</summary>
    public const int ChunkBytes = 1024 * 1024;

    /// <summary>The first key of the two-key advisory locks taken on a file's name ('EVID'): a key space of its own.</summary>
    private const int LockSpace = 0x45564944;

    private static readonly string Blobs = $"{LedgerStore.SchemaName}.{EvidenceTables.Blobs}";
    private static readonly string Chunks = $"{LedgerStore.SchemaName}.{EvidenceTables.Chunks}";

    public string Describe => $"PostgreSQL ({Blobs}, {Chunks})";

    public async Task<bool> PutIfAbsentAsync(string sha256, Stream content, CancellationToken ct)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        // The same file uploaded twice at once: the second waits here for the first to commit, then finds its blob.
        await using (var lockFile = new NpgsqlCommand("select pg_advisory_xact_lock(@space, @key)", conn, tx))
        {
            lockFile.Parameters.AddWithValue("space", LockSpace);
            lockFile.Parameters.AddWithValue("key", BitConverter.ToInt32(Convert.FromHexString(sha256[..8])));
            await lockFile.ExecuteNonQueryAsync(ct);
        }
        if (await ExistsAsync(conn, tx, sha256, ct))
        {
            await tx.CommitAsync(ct);
            return false;
        }

        content.Position = 0;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[ChunkBytes];
        long size = 0;
        for (var chunk = 0; ; chunk++)
        {
            var filled = await content.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, ct);
            if (filled == 0) break;
            hash.AppendData(buffer, 0, filled);
            size += filled;
            await using var insert = new NpgsqlCommand($"insert into {Chunks} (sha256, chunk, bytes) values (@sha256, @chunk, @bytes)", conn, tx);
            insert.Parameters.AddWithValue("sha256", sha256);
            insert.Parameters.AddWithValue("chunk", chunk);
            insert.Parameters.AddWithValue("bytes", new ArraySegment<byte>(buffer, 0, filled));
            await insert.ExecuteNonQueryAsync(ct);
            if (filled < buffer.Length) break;
        }
        var actual = Convert.ToHexStringLower(hash.GetHashAndReset());
        if (actual != sha256) throw new InvalidDataException($"the content hashes to {actual}, not to the name it was to be stored under ({sha256}); nothing was stored");

        await using (var blob = new NpgsqlCommand($"insert into {Blobs} (sha256, size, stored_at) values (@sha256, @size, now())", conn, tx))
        {
            blob.Parameters.AddWithValue("sha256", sha256);
            blob.Parameters.AddWithValue("size", size);
            await blob.ExecuteNonQueryAsync(ct);
        }
        await tx.CommitAsync(ct);
        return true;
    }

    public async Task<Stream?> OpenAsync(string sha256, CancellationToken ct)
    {
        var conn = new NpgsqlConnection(connectionString);
        try
        {
            await conn.OpenAsync(ct);
            long size;
            await using (var find = new NpgsqlCommand($"select size from {Blobs} where sha256 = @sha256", conn))
            {
                find.Parameters.AddWithValue("sha256", sha256);
                if (await find.ExecuteScalarAsync(ct) is not long found)
                {
                    await conn.DisposeAsync();
                    return null;
                }
                size = found;
            }
            var read = new NpgsqlCommand($"select bytes from {Chunks} where sha256 = @sha256 order by chunk", conn);
            read.Parameters.AddWithValue("sha256", sha256);
            var reader = await read.ExecuteReaderAsync(CommandBehavior.SequentialAccess, ct);
            return new ChunkStream(conn, read, reader, size);
        }
        catch
        {
            await conn.DisposeAsync();
            throw;
        }
    }

    public async Task<bool> ExistsAsync(string sha256, CancellationToken ct)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync(ct);
        return await ExistsAsync(conn, null, sha256, ct);
    }

    private static async Task<bool> ExistsAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, string sha256, CancellationToken ct)
    {
        await using var exists = new NpgsqlCommand($"select exists (select from {Blobs} where sha256 = @sha256)", conn, tx);
        exists.Parameters.AddWithValue("sha256", sha256);
        return (bool)(await exists.ExecuteScalarAsync(ct))!;
    }

    public async IAsyncEnumerable<StoredEvidence> EnumerateAsync([EnumeratorCancellation] CancellationToken ct)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync(ct);
        await using var list = new NpgsqlCommand($"select sha256, size from {Blobs} order by sha256", conn);
        await using var reader = await list.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) yield return new StoredEvidence(reader.GetString(0), reader.GetInt64(1));
    }

    /// <summary>A file's chunks read in order, one row at a time; disposing it closes the reader and the connection.</summary>
    private sealed class ChunkStream(NpgsqlConnection conn, NpgsqlCommand command, NpgsqlDataReader reader, long size) : Stream
    {
        private byte[] _chunk = [];
        private int _at;
        private long _position;

        public override long Length => size;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
        {
            while (_at == _chunk.Length)
            {
                if (!await reader.ReadAsync(ct)) return 0;
                (_chunk, _at) = (await reader.GetFieldValueAsync<byte[]>(0, ct), 0);
            }
            return Take(buffer.Span);
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            while (_at == _chunk.Length)
            {
                if (!reader.Read()) return 0;
                (_chunk, _at) = (reader.GetFieldValue<byte[]>(0), 0);
            }
            return Take(buffer.AsSpan(offset, count));
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) => ReadAsync(buffer.AsMemory(offset, count), ct).AsTask();

        private int Take(Span<byte> into)
        {
            var n = Math.Min(into.Length, _chunk.Length - _at);
            _chunk.AsSpan(_at, n).CopyTo(into);
            _at += n;
            _position += n;
            return n;
        }

        public override async ValueTask DisposeAsync()
        {
            await reader.DisposeAsync();
            await command.DisposeAsync();
            await conn.DisposeAsync();
            await base.DisposeAsync();
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                reader.Dispose();
                command.Dispose();
                conn.Dispose();
            }
            base.Dispose(disposing);
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
