using Npgsql;

namespace CchcLedger.Projections;

/// <summary>
/// The event storage is append-only for the application. The schema and its tables belong to the owner role that
/// migrates them; the application connects as <see cref="AppRole"/>, which may read and insert events and seals but
/// holds no UPDATE, DELETE or TRUNCATE on them, and, not owning the tables, cannot disable the seal's trigger or
/// alter anything. The seal runs with its owner's rights (security definer), so the application needs none beyond insert.
/// It may add MACs and stored Merkle subtrees but never change or remove one, and it cannot write the ledger clock:
/// it asks <c>ledger_tick()</c> (security definer) for the database's instant.
/// Evidence (uploads and the files' bytes, see <see cref="EvidenceTables"/>) is insert-only for it in the same way.
/// </summary>
public static class AppendOnly
{
    public const string AppRole = "cchc_app";

    private const string Grants = $$"""
        do $$ begin
          if not exists (select from pg_roles where rolname = '{{AppRole}}') then create role {{AppRole}} login; end if;
        end $$;
        grant usage on schema {{LedgerStore.SchemaName}} to {{AppRole}};
        grant select, insert, update, delete on all tables in schema {{LedgerStore.SchemaName}} to {{AppRole}};
        revoke update, delete, truncate on {{LedgerStore.SchemaName}}.mt_events, {{LedgerStore.SchemaName}}.{{EventSeals.Table}},
          {{LedgerStore.SchemaName}}.{{EventMacs.Table}}, {{LedgerStore.SchemaName}}.{{MerkleNodes.Table}}, {{LedgerStore.SchemaName}}.{{EvidenceTables.Uploads}},
          {{LedgerStore.SchemaName}}.{{EvidenceTables.Blobs}}, {{LedgerStore.SchemaName}}.{{EvidenceTables.Chunks}} from {{AppRole}};
        revoke insert, update, delete, truncate on {{LedgerStore.SchemaName}}.{{LedgerClock.Table}}, {{LedgerStore.SchemaName}}.{{EventSeals.BackdatedTable}} from {{AppRole}};
        grant usage, select, update on all sequences in schema {{LedgerStore.SchemaName}} to {{AppRole}};
        grant execute on all functions in schema {{LedgerStore.SchemaName}} to {{AppRole}};
        """;

    /// <summary>Creates the application role if needed and gives it exactly its rights; run as the owner after every migration.</summary>
    public static async Task GrantAsync(string ownerConnectionString, CancellationToken ct = default)
    {
        await using var conn = new NpgsqlConnection(ownerConnectionString);
        await conn.OpenAsync(ct);
        await using var cmd = new NpgsqlCommand(Grants, conn);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The same database, as the application role.</summary>
    public static string AppConnection(string ownerConnectionString) =>
        new NpgsqlConnectionStringBuilder(ownerConnectionString) { Username = AppRole, Password = null }.ConnectionString;
}
