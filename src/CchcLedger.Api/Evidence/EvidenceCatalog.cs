using CchcLedger.Domain.Scorecards;
using CchcLedger.Projections;
using Npgsql;

namespace CchcLedger.Api.Evidence;

/// <summary>An upload as recorded, with who made it.</summary>
public sealed record UploadRecord(EvidenceUpload Upload, string UploadedBy, string UploadedRole);

/// <summary>An event that cites a file: where it is in the ledger, what it is about, and the file's facts as it recorded them.</summary>
public sealed record EvidenceCitation(long Sequence, string Stream, long Version, string Type, DateTimeOffset RecordedAt, string? RecordedBy,
    string? Criterion, string Title, EvidenceFile File);

/// <summary>
/// What is known about evidence files beside their bytes: the uploads (<c>evidence_uploads</c>, insert-only for the
/// application) and the events that cite files (read from the events themselves, which are the record).
/// </summary>
public sealed class EvidenceCatalog(string connectionString)
{
    private static readonly string Uploads = $"{LedgerStore.SchemaName}.{EvidenceTables.Uploads}";

    /// <summary>
    /// Records uploads in one transaction, and with them the request's <c>Idempotency-Key</c> if it has one, as an
    /// appending commit does: a retry then replays the answer instead of recording the uploads again.
    /// </summary>
    public async Task RecordAsync(IReadOnlyList<EvidenceUpload> uploads, ActorInfo actor, IdempotentRequest? key, CancellationToken ct)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        foreach (var u in uploads)
        {
            await using var insert = new NpgsqlCommand(
                $"insert into {Uploads} (id, sha256, year, agency, size, media_type, file_name, uploaded_at, uploaded_by, uploaded_role, token_id) " +
                "values (@id, @sha256, @year, @agency, @size, @type, @name, @at, @by, @role, @token)", conn, tx);
            insert.Parameters.AddWithValue("id", Guid.CreateVersion7(u.UploadedAt));
            insert.Parameters.AddWithValue("sha256", u.Sha256);
            insert.Parameters.AddWithValue("year", u.Year);
            insert.Parameters.AddWithValue("agency", u.Agency);
            insert.Parameters.AddWithValue("size", u.Size);
            insert.Parameters.AddWithValue("type", u.MediaType);
            insert.Parameters.AddWithValue("name", u.FileName);
            insert.Parameters.AddWithValue("at", u.UploadedAt);
            insert.Parameters.AddWithValue("by", actor.Name);
            insert.Parameters.AddWithValue("role", actor.Role);
            insert.Parameters.AddWithValue("token", (object?)actor.TokenId ?? DBNull.Value);
            await insert.ExecuteNonQueryAsync(ct);
        }
        if (key is not null)
        {
            await using var keep = new NpgsqlCommand(
                $"insert into {LedgerStore.SchemaName}.{IdempotencyKeys.Table} (key, request_hash, recorded_at) values (@key, @hash, @at) on conflict (key) do nothing", conn, tx);
            keep.Parameters.AddWithValue("key", key.Key);
            keep.Parameters.AddWithValue("hash", key.RequestHash);
            keep.Parameters.AddWithValue("at", uploads[0].UploadedAt);
            await keep.ExecuteNonQueryAsync(ct);
        }
        await tx.CommitAsync(ct);
    }

    /// <summary>The uploads of the files a command cites (every agency's: the decision keeps only its scorecard's).</summary>
    public async Task<IReadOnlyList<EvidenceUpload>> UploadsOfAsync(IEnumerable<EvidenceInput>? cited, CancellationToken ct = default)
    {
        var hashes = (cited ?? []).Select(e => e?.File?.Trim().ToLowerInvariant()).Where(EvidenceContent.IsSha256).Distinct().ToArray();
        if (hashes.Length == 0) return [];
        return (await QueryAsync("sha256 = any(@hashes)", p => p.AddWithValue("hashes", hashes), ct)).Select(r => r.Upload).ToList();
    }

    /// <summary>The uploads for one agency's scorecard of one year (of one file, if named), oldest first.</summary>
    public Task<IReadOnlyList<UploadRecord>> OfScorecardAsync(int year, string agency, string? sha256 = null, CancellationToken ct = default) =>
        QueryAsync("year = @year and agency = @agency" + (sha256 is null ? "" : " and sha256 = @sha256"), p =>
        {
            p.AddWithValue("year", year);
            p.AddWithValue("agency", agency);
            if (sha256 is not null) p.AddWithValue("sha256", sha256);
        }, ct);

    /// <summary>The names of every uploaded file.</summary>
    public static async Task<IReadOnlySet<string>> UploadedFilesAsync(NpgsqlConnection conn, CancellationToken ct = default)
    {
        await using var cmd = new NpgsqlCommand($"select distinct sha256 from {Uploads}", conn);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var found = new HashSet<string>(StringComparer.Ordinal);
        while (await reader.ReadAsync(ct)) found.Add(reader.GetString(0));
        return found;
    }

    private async Task<IReadOnlyList<UploadRecord>> QueryAsync(string where, Action<NpgsqlParameterCollection> parameters, CancellationToken ct)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync(ct);
        await using var cmd = new NpgsqlCommand(
            $"select sha256, year, agency, size, media_type, file_name, uploaded_at, uploaded_by, uploaded_role from {Uploads} where {where} order by uploaded_at, id", conn);
        parameters(cmd.Parameters);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var rows = new List<UploadRecord>();
        while (await reader.ReadAsync(ct))
            rows.Add(new UploadRecord(new EvidenceUpload(reader.GetString(0), reader.GetInt32(1), reader.GetString(2), reader.GetInt64(3), reader.GetString(4),
                reader.GetString(5), reader.GetFieldValue<DateTimeOffset>(6)), reader.GetString(7), reader.GetString(8)));
        return rows;
    }

    /// <summary>
    /// The events that cite files, in sequence order: of the given streams only, up to a sequence, of one file, as asked.
    /// Every event type with evidence keeps it in an <c>evidence</c> array, each cited file in its <c>file</c> member.
    /// </summary>
    public async Task<IReadOnlyList<EvidenceCitation>> CitationsAsync(IReadOnlyCollection<string>? streams = null, long? throughSequence = null,
        string? sha256 = null, CancellationToken ct = default)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync(ct);
        return await CitationsAsync(conn, streams, throughSequence, sha256, ct);
    }

    public static async Task<IReadOnlyList<EvidenceCitation>> CitationsAsync(NpgsqlConnection conn, IReadOnlyCollection<string>? streams, long? throughSequence,
        string? sha256, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(
            "select e.seq_id, e.stream_id, e.version, e.type, e.timestamp, e.user_name, e.data->>'criterion', ev->>'title', " +
            "ev->'file'->>'sha256', (ev->'file'->>'size')::bigint, ev->'file'->>'mediaType', ev->'file'->>'fileName' " +
            $"from {LedgerStore.SchemaName}.mt_events e " +
            "cross join lateral jsonb_array_elements(case when jsonb_typeof(e.data->'evidence') = 'array' then e.data->'evidence' else '[]'::jsonb end) ev " +
            "where e.data ? 'evidence' and jsonb_typeof(ev->'file') = 'object'" +
            (streams is null ? "" : " and e.stream_id = any(@streams)") +
            (throughSequence is null ? "" : " and e.seq_id <= @through") +
            (sha256 is null ? "" : " and ev->'file'->>'sha256' = @sha256") +
            " order by e.seq_id", conn);
        if (streams is not null) cmd.Parameters.AddWithValue("streams", streams.ToArray());
        if (throughSequence is not null) cmd.Parameters.AddWithValue("through", throughSequence.Value);
        if (sha256 is not null) cmd.Parameters.AddWithValue("sha256", sha256);
        if (streams is null) cmd.CommandTimeout = 0; // a whole-ledger scan (verification) runs as long as the ledger needs
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var found = new List<EvidenceCitation>();
        while (await reader.ReadAsync(ct))
            found.Add(new EvidenceCitation(reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), reader.GetString(3), reader.GetFieldValue<DateTimeOffset>(4),
                reader.IsDBNull(5) ? null : reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6), reader.IsDBNull(7) ? "" : reader.GetString(7),
                new EvidenceFile(reader.IsDBNull(8) ? "" : reader.GetString(8), reader.IsDBNull(9) ? 0 : reader.GetInt64(9),
                    reader.IsDBNull(10) ? "" : reader.GetString(10), reader.IsDBNull(11) ? "" : reader.GetString(11))));
        return found;
    }
}
