using System.Threading.Channels;
using CchcLedger.Domain.Integrity;
using Marten;
using Npgsql;

namespace CchcLedger.Projections;

/// <summary>
/// The database side of the hash chain. A trigger on <c>mt_events</c> seals every appended event into
/// <c>event_chain</c> (sequence, previous hash, hash, Merkle leaf, leaf index) in the appending transaction. Appends are
/// already serialised by <see cref="LedgerClock"/>; the trigger also locks the chain table, so an insert made by any
/// other route cannot fork the chain either. The trigger refuses what it could not seal faithfully: a value in a column
/// outside the sealed form (such as <c>bdata</c>), a NULL archive flag, an instant ahead of the database's clock or
/// behind the previous event's. The verifier reads events and seals side by side and recomputes every hash with
/// <see cref="EventChain"/>, the independent implementation of the same canonical form (docs/integrity/event-form.md).
/// </summary>
public static class EventSeals
{
    public const string Table = "event_chain";

    /// <summary>The events that carry an effective instant, by recorded instant (kept by the seal; not part of it).</summary>
    public const string BackdatedTable = "backdated_events";

    /// <summary>The first key of the clock's transaction lock (<c>pg_advisory_xact_lock(ClockLock, 1)</c>), which serialises appends.</summary>
    public const int ClockLock = 7102017;

    /// <summary>
    /// The SQLSTATE with which <c>ledger_tick()</c> refuses to stamp while the database's clock stands behind the ledger's
    /// (it was set back): writes wait until it catches up, and the API answers 503 meanwhile.
    /// </summary>
    public const string ClockBehindState = "CC001";

    /// <summary>How far ahead of the database's own clock an event's instant may be (a writer's clock a little fast).</summary>
    public const int ClockToleranceSeconds = 2;

    /// <summary>The columns of <c>mt_events</c> that the canonical form covers; any other column must stay NULL.</summary>
    public static readonly string[] SealedColumns =
        ["seq_id", "id", "stream_id", "version", "data", "type", "timestamp", "tenant_id", "mt_dotnet_type", "is_archived", "headers", "user_name", "correlation_id", "causation_id"];

    private static readonly string Install = $$"""
        create table if not exists {{LedgerStore.SchemaName}}.{{Table}} (seq_id bigint primary key, prev_hash bytea not null, hash bytea not null, leaf bytea);
        alter table {{LedgerStore.SchemaName}}.{{Table}} add column if not exists leaf bytea;
        alter table {{LedgerStore.SchemaName}}.{{Table}} add column if not exists leaf_index bigint;
        do $$ begin
          -- Seals written before leaf indexes were kept: their index is their position in sequence order.
          if exists (select from {{LedgerStore.SchemaName}}.{{Table}} where leaf_index is null) then
            update {{LedgerStore.SchemaName}}.{{Table}} c set leaf_index = n.i
            from (select seq_id, row_number() over (order by seq_id) - 1 as i from {{LedgerStore.SchemaName}}.{{Table}}) n where n.seq_id = c.seq_id;
          end if;
        end $$;
        create unique index if not exists event_chain_leaf_index on {{LedgerStore.SchemaName}}.{{Table}} (leaf_index);
        create table if not exists {{LedgerStore.SchemaName}}.{{MerkleNodes.Table}} (level int not null, idx bigint not null, hash bytea not null, primary key (level, idx));
        create table if not exists {{LedgerStore.SchemaName}}.{{EventMacs.Table}} (seq_id bigint primary key, mac bytea not null);
        -- The events that carry an effective instant (took effect before they were recorded), by recorded instant, kept by
        -- the seal: a read in force at t asks whether any was recorded at or after t (InForce.NarrowAsync). Most ledgers
        -- have none; a demo told on its calendar or a past year imported, some. Filled from the events once, when created.
        do $$ begin
          if not exists (select from pg_tables where schemaname = '{{LedgerStore.SchemaName}}' and tablename = '{{BackdatedTable}}') then
            create table {{LedgerStore.SchemaName}}.{{BackdatedTable}} (seq_id bigint primary key, recorded_at timestamptz not null, effective_at timestamptz not null);
            create index {{BackdatedTable}}_recorded_at on {{LedgerStore.SchemaName}}.{{BackdatedTable}} (recorded_at);
            insert into {{LedgerStore.SchemaName}}.{{BackdatedTable}} (seq_id, recorded_at, effective_at)
              select e.seq_id, e.timestamp, (e.headers->>'{{EffectiveTime.Header}}')::timestamptz from {{LedgerStore.SchemaName}}.mt_events e
              where e.headers ? '{{EffectiveTime.Header}}';
          end if;
        end $$;

        create or replace function {{LedgerStore.SchemaName}}.chain_field(value text) returns text language sql immutable as
        $$ select case when value is null then '~' else octet_length(value)::text || ':' || value end $$;

        -- The ledger's clock: the one source of recorded instants. The application role may not write ledger_clock;
        -- it calls this (as its owner), which moves the clock to the database's own time, never backwards. Appends are
        -- serialised by the clock's transaction lock, taken first and held until the caller's transaction ends: waiters
        -- queue for it in order and the next one is woken when a commit ends, instead of all of them retrying on the
        -- clock row (a herd that cost more than the commits). Two int keys: not the key space of one bigint, which the
        -- idempotency keys use.
        create or replace function {{LedgerStore.SchemaName}}.ledger_tick() returns timestamptz language plpgsql
          security definer set search_path = pg_catalog, pg_temp as $$
        declare
          now_at timestamptz;
          recorded timestamptz;
        begin
          perform pg_advisory_xact_lock({{ClockLock}}, 1);
          now_at := clock_timestamp();
          insert into {{LedgerStore.SchemaName}}.{{LedgerClock.Table}} (id, recorded_at) values (1, now_at)
            on conflict (id) do update set recorded_at = greatest({{LedgerStore.SchemaName}}.{{LedgerClock.Table}}.recorded_at, excluded.recorded_at)
            returning recorded_at into recorded;
          if recorded > now_at + interval '{{ClockToleranceSeconds}} seconds' then
            raise exception 'cchc ledger clock: it stands at %, ahead of the database clock (%): refusing to stamp events', recorded, now_at
              using errcode = '{{ClockBehindState}}';
          end if;
          return recorded;
        end $$;

        create or replace function {{LedgerStore.SchemaName}}.seal_event() returns trigger language plpgsql
          security definer set search_path = pg_catalog, pg_temp as $$
        declare
          previous bytea;
          previous_seq bigint;
          previous_index bigint;
          previous_at timestamptz;
          leaf bytea;
          extra jsonb;
        begin
          extra := jsonb_strip_nulls(to_jsonb(new) - array['{{string.Join("','", SealedColumns)}}']);
          if extra <> '{}'::jsonb then
            raise exception 'cchc seal: event % holds values outside the sealed form (%): refused', new.seq_id, (select string_agg(k, ', ') from jsonb_object_keys(extra) k)
              using errcode = 'check_violation';
          end if;
          if new.is_archived is null then
            raise exception 'cchc seal: event % has no archive flag: refused', new.seq_id using errcode = 'check_violation';
          end if;
          if new.timestamp > clock_timestamp() + interval '{{ClockToleranceSeconds}} seconds' then
            raise exception 'cchc seal: event % is stamped %, ahead of the database clock (%): refused', new.seq_id, new.timestamp, clock_timestamp()
              using errcode = 'check_violation';
          end if;
          lock table {{LedgerStore.SchemaName}}.{{Table}} in share row exclusive mode;
          select seq_id, hash, leaf_index into previous_seq, previous, previous_index from {{LedgerStore.SchemaName}}.{{Table}} order by seq_id desc limit 1;
          select e.timestamp into previous_at from {{LedgerStore.SchemaName}}.mt_events e where e.seq_id = previous_seq;
          if previous_at is not null and new.timestamp < previous_at then
            raise exception 'cchc seal: event % is stamped %, before the previous event (% at %): refused', new.seq_id, new.timestamp, previous_seq, previous_at
              using errcode = 'check_violation';
          end if;
          previous := coalesce(previous, decode(repeat('00', 32), 'hex'));
          leaf := sha256('\x00'::bytea || convert_to(concat_ws(E'\n',
            new.seq_id::text, {{LedgerStore.SchemaName}}.chain_field(new.stream_id), new.version::text, {{LedgerStore.SchemaName}}.chain_field(new.type),
            to_char(new.timestamp at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
            {{LedgerStore.SchemaName}}.chain_field(new.user_name), {{LedgerStore.SchemaName}}.chain_field(new.headers::text),
            {{LedgerStore.SchemaName}}.chain_field(new.data::text), new.id::text, {{LedgerStore.SchemaName}}.chain_field(new.correlation_id),
            {{LedgerStore.SchemaName}}.chain_field(new.causation_id), {{LedgerStore.SchemaName}}.chain_field(new.mt_dotnet_type),
            {{LedgerStore.SchemaName}}.chain_field(new.tenant_id), new.is_archived::text), 'UTF8'));
          insert into {{LedgerStore.SchemaName}}.{{Table}} (seq_id, prev_hash, hash, leaf, leaf_index)
            values (new.seq_id, previous, sha256(previous || leaf), leaf, coalesce(previous_index + 1, 0));
          if new.headers ? '{{EffectiveTime.Header}}' then
            insert into {{LedgerStore.SchemaName}}.{{BackdatedTable}} (seq_id, recorded_at, effective_at)
              values (new.seq_id, new.timestamp, (new.headers->>'{{EffectiveTime.Header}}')::timestamptz);
          end if;
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
            reader.IsDBNull(at + 3) ? null : reader.GetString(at + 3), reader.IsDBNull(at + 4) ? null : reader.GetString(at + 4),
            reader.IsDBNull(at + 5) ? null : reader.GetBoolean(at + 5));

    /// <summary>
    /// Signs the chain head: holds the ledger clock (no append can land meanwhile), extends the stored Merkle subtrees
    /// to the head (the leaves appended since the last checkpoint), computes the root from O(log n) stored hashes,
    /// signs (sequence, head, tree size, root, instant) and appends the checkpoint as an event of its own. Null when
    /// the ledger is empty.
    /// </summary>
    public static async Task<ChainCheckpointed?> CheckpointAsync(IDocumentStore store, System.Security.Cryptography.ECDsa key, CancellationToken ct = default)
    {
        await using var session = store.LightweightSession();
        var (at, last) = await LedgerClock.HoldAsync(session, ct);
        if (last == 0) return null;
        var conn = (NpgsqlConnection)session.Connection!;
        byte[]? head = null;
        long size = 0;
        await using (var cmd = new NpgsqlCommand($"select hash, leaf_index from {LedgerStore.SchemaName}.{Table} where seq_id = @seq", conn))
        {
            cmd.Parameters.AddWithValue("seq", last);
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            if (await reader.ReadAsync(ct)) (head, size) = (reader.GetFieldValue<byte[]>(0), reader.GetInt64(1) + 1);
        }
        if (head is null) throw new InvalidOperationException($"event {last} has no seal: run cchc verify before signing anything");
        await MerkleNodes.ExtendAsync(conn, size, ct);
        var checkpoint = Checkpoint.Sign(key, last, head, size, await MerkleNodes.RootAsync(conn, size, ct), at);
        session.Events.Append(CheckpointStream, checkpoint);
        await session.SaveChangesAsync(ct);
        return checkpoint;
    }

    /// <summary>The checkpoints recorded in the ledger itself.</summary>
    public static async Task<IReadOnlyList<ChainCheckpointed>> CheckpointsAsync(NpgsqlConnection conn, CancellationToken ct = default)
    {
        var found = new List<ChainCheckpointed>();
        await using var cmd = new NpgsqlCommand($"select data::text from {LedgerStore.SchemaName}.mt_events where stream_id = '{CheckpointStream}' and type = 'chain_checkpointed' order by seq_id", conn);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            if (System.Text.Json.JsonSerializer.Deserialize<ChainCheckpointed>(reader.GetString(0), LedgerStore.EventJson) is { } c) found.Add(c);
        return found;
    }

    /// <summary>
    /// Recomputes the chain from the first event (with the application's MACs, required from <paramref name="macsFrom"/>, when <paramref name="macKey"/> is given),
    /// then checks every checkpoint (the ledger's own and those of <paramref name="witness"/>, kept outside the
    /// database) against <paramref name="publicKey"/>. The first failure names its sequence and kind.
    /// </summary>
    public static async Task<ChainReport> VerifyAsync(NpgsqlConnection conn, System.Security.Cryptography.ECDsa? publicKey,
        IReadOnlyList<ChainCheckpointed> witness, byte[]? macKey = null, long macsFrom = 1, CancellationToken ct = default)
    {
        var checkpoints = (await CheckpointsAsync(conn, ct)).Select(c => (c, "in the ledger"))
            .Concat(witness.Select(c => (c, "in the witness file")))
            .ToList();
        var chain = await VerifyChainAsync(conn, checkpoints.Select(c => c.Item1.Sequence), macKey, macsFrom, ct);
        return publicKey is null ? chain.Report : chain.CheckCheckpoints(checkpoints, publicKey);
    }

    /// <summary>The chain alone: every seal recomputed, no signature checked.</summary>
    public static async Task<ChainReport> VerifyAsync(NpgsqlConnection conn, CancellationToken ct = default) =>
        (await VerifyChainAsync(conn, [], null, 1, ct)).Report;

    /// <summary>
    /// One pass in sequence order over events, seals and MACs. Reading (PostgreSQL renders the jsonb, Npgsql decodes
    /// the row) and hashing run side by side: the reader hands batches of rows to the hasher through a bounded channel.
    /// </summary>
    private static async Task<EventChain.Verifier> VerifyChainAsync(NpgsqlConnection conn, IEnumerable<long> watch, byte[]? macKey, long macsFrom, CancellationToken ct)
    {
        var verifier = new EventChain.Verifier(watch, macKey, macsFrom);
        var extras = await UnsealedColumnsAsync(conn, ct);
        var unsealed = extras.Count == 0 ? "false" : $"num_nonnulls({string.Join(", ", extras.Select(c => $"e.{c}"))}) > 0";
        var batches = Channel.CreateBounded<StoredEvent[]>(new BoundedChannelOptions(8) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);

        // Seals whose event row is gone are found first (an anti-join); the main read then walks mt_events in sequence
        // order with its seal and MAC (merge joins on the three primary keys: no sort of two million wide rows), and the
        // orphan seals are put in their places.
        var orphans = new Queue<StoredEvent>();
        await using (var cmd = new NpgsqlCommand(
            $"select c.seq_id, c.prev_hash, c.hash, c.leaf from {LedgerStore.SchemaName}.{Table} c " +
            $"where not exists (select from {LedgerStore.SchemaName}.mt_events e where e.seq_id = c.seq_id) order by c.seq_id", conn))
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
                orphans.Enqueue(new StoredEvent(reader.GetInt64(0), null, null, null, null, null, null, null, reader.GetFieldValue<byte[]>(1),
                    reader.GetFieldValue<byte[]>(2), reader.GetFieldValue<byte[]>(3)));

        var reading = Task.Run(async () =>
        {
            try
            {
                await using var cmd = new NpgsqlCommand(
                    // Text fields come as the database's UTF-8 bytes: hashed as they are, never decoded (a pass reads ~1 GB of text at 2M events).
                    "select e.seq_id, e.stream_id, e.version, convert_to(e.type, 'UTF8'), e.timestamp, convert_to(e.user_name, 'UTF8'), " +
                    "convert_to(e.headers::text, 'UTF8'), convert_to(e.data::text, 'UTF8'), c.prev_hash, c.hash, c.leaf, " +
                    "e.id, convert_to(e.correlation_id, 'UTF8'), convert_to(e.causation_id, 'UTF8'), convert_to(e.mt_dotnet_type, 'UTF8'), convert_to(e.tenant_id, 'UTF8'), " +
                    $"e.is_archived, m.mac, {unsealed} " +
                    $"from {LedgerStore.SchemaName}.mt_events e left join {LedgerStore.SchemaName}.{Table} c on c.seq_id = e.seq_id " +
                    $"left join {LedgerStore.SchemaName}.{EventMacs.Table} m on m.seq_id = e.seq_id order by e.seq_id", conn);
                // Only the hand-over is cancelled when the hasher stops at a failure: cancelling the query itself would abort
                // the caller's transaction; the reader's disposal drains the rest of the rows instead.
                await using var reader = await cmd.ExecuteReaderAsync(ct);
                var batch = new List<StoredEvent>(1024);
                async Task Flush()
                {
                    await batches.Writer.WriteAsync([.. batch], stop.Token);
                    batch.Clear();
                }
                while (await reader.ReadAsync(ct))
                {
                    var seq = reader.GetInt64(0);
                    while (orphans.Count > 0 && orphans.Peek().Sequence < seq) batch.Add(orphans.Dequeue());
                    byte[]? Bytes(int at) => reader.IsDBNull(at) ? null : reader.GetFieldValue<byte[]>(at);
                    batch.Add(new StoredEvent(seq,
                        reader.GetString(1),
                        reader.GetInt64(2),
                        null,
                        reader.GetFieldValue<DateTimeOffset>(4),
                        null,
                        null,
                        null,
                        Bytes(8),
                        Bytes(9),
                        Bytes(10),
                        new EventMetadata(reader.GetGuid(11), Archived: reader.IsDBNull(16) ? null : reader.GetBoolean(16)),
                        Bytes(17),
                        !reader.IsDBNull(18) && reader.GetBoolean(18),
                        new Utf8Text(Bytes(3), Bytes(5), Bytes(6), Bytes(7), Bytes(12), Bytes(13), Bytes(14), Bytes(15))));
                    if (batch.Count >= 1024) await Flush();
                }
                while (orphans.Count > 0) batch.Add(orphans.Dequeue());
                if (batch.Count > 0) await Flush();
                batches.Writer.Complete();
            }
            catch (Exception e)
            {
                batches.Writer.TryComplete(e is OperationCanceledException ? null : e);
            }
        }, CancellationToken.None);

        StoredEvent? failed = null;
        await foreach (var batch in batches.Reader.ReadAllAsync(ct))
        {
            // Leaves and MACs are independent of each other: computed on every core, then linked in order.
            var leaves = new byte[]?[batch.Length];
            var macs = new bool?[batch.Length];
            Parallel.For(0, batch.Length, () => new EventChain.LeafWriter(), (i, _, writer) =>
            {
                if (!batch[i].HasEvent || !batch[i].HasSeal) return writer;
                leaves[i] = writer.Leaf(batch[i]);
                if (macKey is not null) macs[i] = EventChain.Verifier.MacMatches(macKey, batch[i], leaves[i]!);
                return writer;
            }, _ => { });
            for (var i = 0; i < batch.Length; i++)
                if (!verifier.Add(batch[i], leaves[i], macs[i])) { failed = batch[i]; break; }
            if (failed is not null) break;
        }
        await stop.CancelAsync();
        await reading;

        // An event that no longer hashes to its seal may be a sound event moved to another position: find where it was sealed.
        if (verifier.FirstFailure is { Kind: "altered" } altered && !failed!.Unsealed && await SealedElsewhereAsync(conn, failed.Decoded(), ct) is { } original)
            verifier.Reclassify(altered with { Kind = "reordered", Detail = $"the event stored at {altered.Sequence} was sealed at sequence {original}" });
        return verifier;
    }

    /// <summary>Columns of <c>mt_events</c> outside the sealed form (Marten's <c>bdata</c>, or any a later version adds).</summary>
    public static async Task<IReadOnlyList<string>> UnsealedColumnsAsync(NpgsqlConnection conn, CancellationToken ct = default)
    {
        await using var cmd = new NpgsqlCommand(
            "select column_name from information_schema.columns where table_schema = @schema and table_name = 'mt_events' order by ordinal_position", conn);
        cmd.Parameters.AddWithValue("schema", LedgerStore.SchemaName);
        var columns = new List<string>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) columns.Add(reader.GetString(0));
        return columns.Except(SealedColumns).ToList();
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
