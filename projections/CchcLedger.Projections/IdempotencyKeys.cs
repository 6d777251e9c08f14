using Marten;
using Weasel.Postgresql.Tables;

namespace CchcLedger.Projections;

/// <summary>A request carried out under an <c>Idempotency-Key</c>: the caller's key and a hash of the request it named.</summary>
public sealed record IdempotentRequest(string Key, byte[] RequestHash);

/// <summary>
/// Keys of requests that wrote to the ledger. The key is recorded by <see cref="LedgerClock"/> in the very transaction
/// that appends the request's events, so a write and its key land together or not at all: a retry finds the key and
/// writes nothing, even after a crash between the commit and the answer. The answer is stored beside it afterwards, to
/// be replayed. Rows older than the retention period are deleted; this table is not part of the sealed ledger.
/// </summary>
public static class IdempotencyKeys
{
    public const string Table = "idempotency_keys";

    private static readonly AsyncLocal<IdempotentRequest?> Current = new();

    public static IdempotentRequest? Value => Current.Value;

    public static IDisposable Use(IdempotentRequest request)
    {
        var previous = Current.Value;
        Current.Value = request;
        return new Restore(previous);
    }

    public static Weasel.Postgresql.Tables.Table Schema()
    {
#pragma warning disable CS0618 // as in LedgerClock.Schema: this constructor quotes nothing, as wanted
        var table = new Weasel.Postgresql.Tables.Table(new Weasel.Postgresql.PostgresqlObjectName(LedgerStore.SchemaName, Table));
#pragma warning restore CS0618
        table.AddColumn<string>("key").AsPrimaryKey();
        table.AddColumn("request_hash", "bytea").NotNull();
        table.AddColumn<DateTimeOffset>("recorded_at").NotNull();
        table.AddColumn<int>("status");
        table.AddColumn<string>("content_type");
        table.AddColumn<string>("location");
        table.AddColumn<string>("etag");
        table.AddColumn("body", "bytea");
        return table;
    }

    /// <summary>Queues the key's row into the session's commit (once per key; a request that commits twice keeps its first row).</summary>
    internal static void Record(IDocumentSession session, DateTimeOffset recordedAt)
    {
        if (Current.Value is not { } request) return;
        session.QueueSqlCommand($"insert into {LedgerStore.SchemaName}.{Table} (key, request_hash, recorded_at) values (?, ?, ?) on conflict (key) do nothing",
            request.Key, request.RequestHash, recordedAt);
    }

    private sealed class Restore(IdempotentRequest? previous) : IDisposable
    {
        public void Dispose() => Current.Value = previous;
    }
}
