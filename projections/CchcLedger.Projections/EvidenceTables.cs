using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace CchcLedger.Projections;

/// <summary>
/// The evidence tables beside the ledger, created by Marten's schema migration like the other extended objects. None of
/// them is part of the sealed event store; each is insert-only for the application role (see <see cref="AppendOnly"/>):
/// <list type="bullet">
/// <item><c>evidence_uploads</c>: who uploaded which file (by SHA-256) for which agency's scorecard of which year, when,
/// under which name and with which recognised media type. An upload is not an event; the event that cites the file is.</item>
/// <item><c>evidence_blobs</c> and <c>evidence_chunks</c>: the PostgreSQL evidence store, each file's bytes once, by SHA-256,
/// in chunks of 1 MiB (a row per chunk keeps every value small for the server and for <c>pg_dump</c>); a blob row is
/// written after its chunks in the same transaction, so a blob that exists is complete.</item>
/// </list>
/// </summary>
public static class EvidenceTables
{
    public const string Uploads = "evidence_uploads";
    public const string Blobs = "evidence_blobs";
    public const string Chunks = "evidence_chunks";

    public static IEnumerable<Table> Schema()
    {
        var uploads = New(Uploads);
        uploads.AddColumn<Guid>("id").AsPrimaryKey();
        uploads.AddColumn<string>("sha256").NotNull();
        uploads.AddColumn<int>("year").NotNull();
        uploads.AddColumn<string>("agency").NotNull();
        uploads.AddColumn<long>("size").NotNull();
        uploads.AddColumn<string>("media_type").NotNull();
        uploads.AddColumn<string>("file_name").NotNull();
        uploads.AddColumn<DateTimeOffset>("uploaded_at").NotNull();
        uploads.AddColumn<string>("uploaded_by").NotNull();
        uploads.AddColumn<string>("uploaded_role").NotNull();
        uploads.AddColumn<string>("token_id");
        uploads.Indexes.Add(new IndexDefinition($"idx_{Uploads}_scorecard") { Columns = ["year", "agency"] });
        uploads.Indexes.Add(new IndexDefinition($"idx_{Uploads}_sha256") { Columns = ["sha256"] });
        yield return uploads;

        var blobs = New(Blobs);
        blobs.AddColumn<string>("sha256").AsPrimaryKey();
        blobs.AddColumn<long>("size").NotNull();
        blobs.AddColumn<DateTimeOffset>("stored_at").NotNull();
        yield return blobs;

        var chunks = New(Chunks);
        chunks.AddColumn<string>("sha256").AsPrimaryKey();
        chunks.AddColumn<int>("chunk").AsPrimaryKey();
        chunks.AddColumn("bytes", "bytea").NotNull();
        yield return chunks;
    }

    private static Table New(string name)
    {
#pragma warning disable CS0618 // as in LedgerClock.Schema: this constructor quotes nothing, as wanted
        return new Table(new PostgresqlObjectName(LedgerStore.SchemaName, name));
#pragma warning restore CS0618
    }
}
