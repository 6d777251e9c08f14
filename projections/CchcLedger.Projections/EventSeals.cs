using CchcLedger.Domain.Integrity;
using Marten;
using Npgsql;

namespace CchcLedger.Projections;

/// <summary>
/// The database side of the hash chain. A trigger on <c>mt_events</c> seals every appended event into
/// <c>event_chain</c> (sequence, previous hash, hash, Merkle leaf) in the appending transaction. Appends are already serialised
/// by <see cref="LedgerClock"/>; the trigger also locks the chain table, so an insert made by any other route
/// cannot fork the chain either. The verifier reads events and seals side by side and recomputes every hash with
/// <see cref="EventChain"/>, the independent implementation of the same canonical form.
/// </summary>
public static class EventSeals
{
    public const string Table = "event_chain";

    private const string Install = $$"""
        create table if not exists {{LedgerStore.SchemaName}}.{{Table}} (seq_id bigint primary key, prev_hash bytea not null, hash bytea not null, leaf bytea);
        alter table {{LedgerStore.SchemaName}}.{{Table}} add column if not exists leaf bytea;

        create or replace function {{LedgerStore.SchemaName}}.chain_field(value text) returns text language sql immutable as
        $$ select case when value is null then '~' else octet_length(value)::text || ':' || value end $$;

        create or replace function {{LedgerStore.SchemaName}}.seal_event() returns trigger language plpgsql
          security definer set search_path = pg_catalog, pg_temp as $$
        declare
          previous bytea;
          leaf bytea;
        begin
          lock table {{LedgerStore.SchemaName}}.{{Table}} in share row exclusive mode;
          select hash into previous from {{LedgerStore.SchemaName}}.{{Table}} order by seq_id desc limit 1;
          previous := coalesce(previous, decode(repeat('00', 32), 'hex'));
          leaf := sha256('\x00'::bytea || convert_to(concat_ws(E'\n',
            new.seq_id::text, {{LedgerStore.SchemaName}}.chain_field(new.stream_id), new.version::text, {{LedgerStore.SchemaName}}.chain_field(new.type),
            to_char(new.timestamp at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
            {{LedgerStore.SchemaName}}.chain_field(new.user_name), {{LedgerStore.SchemaName}}.chain_field(new.headers::text),
            {{LedgerStore.SchemaName}}.chain_field(new.data::text), new.id::text, {{LedgerStore.SchemaName}}.chain_field(new.correlation_id),
            {{LedgerStore.SchemaName}}.chain_field(new.causation_id), {{LedgerStore.SchemaName}}.chain_field(new.mt_dotnet_type),
            {{LedgerStore.SchemaName}}.chain_field(new.tenant_id), new.is_archived::text), 'UTF8'));
          insert into {{LedgerStore.SchemaName}}.{{Table}} (seq_id, prev_hash, hash, leaf) values (new.seq_id, previous, sha256(previous || leaf), leaf);
          return null;
        end $$;

        create or replace trigger seal_event after insert on {{LedgerStore.SchemaName}}.mt_events
          for each row execute function {{LedgerStore.SchemaName}}.seal_event();
        """;

    /// <summary>Installs the seal (idempotent), as the role that owns the event tables, after Marten has created them.</summary>
    public static async Task InstallAsync(IDocumentStore ownerStore, CancellationToken ct = default)
    {
        await using var conn = new NpgsqlConnection(ownerStore.Options.Tenancy.Default.Database.CreateConnection().ConnectionString);
        await conn.OpenAsync(ct);
        await using var cmd = new NpgsqlCommand(Install, conn);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public const string CheckpointStream = "ledger-checkpoints";

    /// <summary>The columns of an event's row beyond its content, in the order <see cref="ReadMetadata"/> reads them (alias <c>e</c>).</summary>
    public const string Metadata = "e.id, e.correlation_id, e.causation_id, e.mt_dotnet_type, e.tenant_id, e.is_archived";

    public static EventMetadata ReadMetadata(NpgsqlDataReader reader, int at) =>
        new(reader.GetGuid(at), reader.IsDBNull(at + 1) ? null : reader.GetString(at + 1), reader.IsDBNull(at + 2) ? null : reader.GetString(at + 2),
            reader.IsDBNull(at + 3) ? null : reader.GetString(at + 3), reader.IsDBNull(at + 4) ? null : reader.GetString(at + 4), !reader.IsDBNull(at + 5) && reader.GetBoolean(at + 5));

    /// <summary>
    /// Signs the chain head: holds the ledger clock (no append can land meanwhile), reads the seals up to the last event,
    /// signs (sequence, head, tree size, Merkle root, instant) and appends the checkpoint as an event of its own. Null
    /// when the ledger is empty.
    /// </summary>
    public static async Task<ChainCheckpointed?> CheckpointAsync(IDocumentStore store, System.Security.Cryptography.ECDsa key, TimeProvider clock, CancellationToken ct = default)
    {
        await using var session = store.LightweightSession();
        var (at, last) = await LedgerClock.HoldAsync(session, clock, ct);
        if (last == 0) return null;
        // The Merkle root over every sealed leaf up to the head; the head itself is the last seal.
        var tree = new MerkleTree.Builder();
        byte[]? head = null;
        await using (var cmd = new NpgsqlCommand($"select seq_id, hash, leaf from {LedgerStore.SchemaName}.{Table} where seq_id <= @seq order by seq_id", (NpgsqlConnection)session.Connection!))
        {
            cmd.Parameters.AddWithValue("seq", last);
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                tree.Add(reader.GetFieldValue<byte[]>(2));
                if (reader.GetInt64(0) == last) head = reader.GetFieldValue<byte[]>(1);
            }
        }
        if (head is null) throw new InvalidOperationException($"event {last} has no seal: run cchc verify before signing anything");
        var checkpoint = Checkpoint.Sign(key, last, head, tree.Size, tree.Root(), at);
        session.Events.Append(CheckpointStream, checkpoint);
        await session.SaveChangesAsync(ct);
        return checkpoint;
    }

    /// <summary>The checkpoints recorded in the ledger itself.</summary>
    public static async Task<IReadOnlyList<ChainCheckpointed>> CheckpointsAsync(NpgsqlConnection conn, CancellationToken ct = default)
    {
        var found = new List<ChainCheckpointed>();
        await using var cmd = new NpgsqlCommand($"select data::text from {LedgerStore.SchemaName}.mt_events where type = 'chain_checkpointed' order by seq_id", conn);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            if (System.Text.Json.JsonSerializer.Deserialize<ChainCheckpointed>(reader.GetString(0), LedgerStore.EventJson) is { } c) found.Add(c);
        return found;
    }

    /// <summary>
    /// Recomputes the chain from the first event, then checks every checkpoint (the ledger's own and those of
    /// <paramref name="witness"/>, kept outside the database) against <paramref name="publicKey"/>. The first failure
    /// names its sequence and kind.
    /// </summary>
    public static async Task<ChainReport> VerifyAsync(NpgsqlConnection conn, System.Security.Cryptography.ECDsa? publicKey,
        IReadOnlyList<ChainCheckpointed> witness, CancellationToken ct = default)
    {
        var checkpoints = (await CheckpointsAsync(conn, ct)).Select(c => (c, "in the ledger"))
            .Concat(witness.Select(c => (c, "in the witness file")))
            .ToList();
        var chain = await VerifyChainAsync(conn, checkpoints.Select(c => c.Item1.Sequence), ct);
        return publicKey is null ? chain.Report : chain.CheckCheckpoints(checkpoints, publicKey);
    }

    /// <summary>The chain alone: every seal recomputed, no signature checked.</summary>
    public static async Task<ChainReport> VerifyAsync(NpgsqlConnection conn, CancellationToken ct = default) =>
        (await VerifyChainAsync(conn, [], ct)).Report;

    private static async Task<EventChain.Verifier> VerifyChainAsync(NpgsqlConnection conn, IEnumerable<long> watch, CancellationToken ct)
    {
        var verifier = new EventChain.Verifier(watch);
        StoredEvent? failed = null;
        await using (var cmd = new NpgsqlCommand(
            $"select coalesce(e.seq_id, c.seq_id), e.stream_id, e.version, e.type, e.timestamp, e.user_name, e.headers::text, e.data::text, c.prev_hash, c.hash, c.leaf, " +
            $"{Metadata} " +
            $"from {LedgerStore.SchemaName}.mt_events e full outer join {LedgerStore.SchemaName}.{Table} c on c.seq_id = e.seq_id order by 1", conn))
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
            {
                var e = new StoredEvent(reader.GetInt64(0),
                    reader.IsDBNull(1) ? null : reader.GetString(1),
                    reader.IsDBNull(2) ? null : reader.GetInt64(2),
                    reader.IsDBNull(3) ? null : reader.GetString(3),
                    reader.IsDBNull(4) ? null : reader.GetFieldValue<DateTimeOffset>(4),
                    reader.IsDBNull(5) ? null : reader.GetString(5),
                    reader.IsDBNull(6) ? null : reader.GetString(6),
                    reader.IsDBNull(7) ? null : reader.GetString(7),
                    reader.IsDBNull(8) ? null : reader.GetFieldValue<byte[]>(8),
                    reader.IsDBNull(9) ? null : reader.GetFieldValue<byte[]>(9),
                    reader.IsDBNull(10) ? null : reader.GetFieldValue<byte[]>(10),
                    reader.IsDBNull(1) ? null : ReadMetadata(reader, 11));
                if (!verifier.Add(e)) { failed = e; break; }
            }

        // An event that no longer hashes to its seal may be a sound event moved to another position: find where it was sealed.
        if (verifier.FirstFailure is { Kind: "altered" } altered && await SealedElsewhereAsync(conn, failed!, ct) is { } original)
            verifier.Reclassify(altered with { Kind = "reordered", Detail = $"the event stored at {altered.Sequence} was sealed at sequence {original}" });
        return verifier;
    }

    private static async Task<long?> SealedElsewhereAsync(NpgsqlConnection conn, StoredEvent e, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand($"select seq_id, prev_hash, hash from {LedgerStore.SchemaName}.{Table} where seq_id <> @seq", conn);
        cmd.Parameters.AddWithValue("seq", e.Sequence);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var seq = reader.GetInt64(0);
            var canonical = EventChain.Canonical(seq, e.Stream!, e.Version!.Value, e.Type!, e.Timestamp!.Value, e.UserName, e.Headers, e.Data!, e.Meta!);
            if (EventChain.Seal(reader.GetFieldValue<byte[]>(1), canonical).AsSpan().SequenceEqual(reader.GetFieldValue<byte[]>(2))) return seq;
        }
        return null;
    }
}
