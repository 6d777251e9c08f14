using CchcLedger.Domain.Integrity;
using Marten;
using Npgsql;
using NpgsqlTypes;

namespace CchcLedger.Projections;

/// <summary>
/// Marks every event the application appends with <see cref="EventMac"/> (HMAC-SHA256 of its leaf under a key the
/// database never sees), in <c>event_macs (seq_id, mac)</c>, inside the appending transaction: Marten calls
/// <see cref="BeforeCommitAsync"/> after its batch ran (so the trigger's seals exist) and before the commit. An event
/// written by anything else, even with the application's database credentials, is sealed but carries no valid MAC,
/// and verification names it <c>unauthenticated</c>. Marten may call this again on a retried commit: it only marks
/// this transaction's seals that have no MAC yet, so it can run any number of times.
/// </summary>
public sealed class EventMacs(byte[] key) : ITransactionParticipant
{
    public const string Table = "event_macs";

    // The seals this transaction wrote: rows of event_chain whose xmin is this transaction's id (txid_current() modulo
    // 2^32 is the 32-bit xid of xmin). Only seals after the last marked one are looked at, so the scan stays short.
    private const string Unmarked = $"""
        select c.seq_id, c.leaf from {LedgerStore.SchemaName}.{EventSeals.Table} c
        where c.seq_id > coalesce((select max(seq_id) from {LedgerStore.SchemaName}.{Table}), 0)
          and c.xmin::text = (txid_current() % 4294967296)::text
          and not exists (select from {LedgerStore.SchemaName}.{Table} m where m.seq_id = c.seq_id)
        """;

    public async Task BeforeCommitAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken token)
    {
        var marks = new List<(long Sequence, byte[] Mac)>();
        await using (var cmd = new NpgsqlCommand(Unmarked, connection, transaction))
        await using (var reader = await cmd.ExecuteReaderAsync(token))
            while (await reader.ReadAsync(token)) marks.Add((reader.GetInt64(0), EventMac.Compute(key, reader.GetFieldValue<byte[]>(1))));
        if (marks.Count == 0) return;
        await using var insert = new NpgsqlCommand(
            $"insert into {LedgerStore.SchemaName}.{Table} (seq_id, mac) select * from unnest(@seqs, @macs) on conflict (seq_id) do nothing", connection, transaction);
        insert.Parameters.AddWithValue("seqs", marks.Select(m => m.Sequence).ToArray());
        insert.Parameters.Add(new NpgsqlParameter("macs", NpgsqlDbType.Array | NpgsqlDbType.Bytea) { Value = marks.Select(m => m.Mac).ToArray() });
        await insert.ExecuteNonQueryAsync(token);
    }

    public Task AfterCommitAsync(CancellationToken token) => Task.CompletedTask;
}
