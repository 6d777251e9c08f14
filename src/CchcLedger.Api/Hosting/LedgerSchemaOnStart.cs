using CchcLedger.Projections;
using Marten;

namespace CchcLedger.Api.Hosting;

/// <summary>
/// Brings the database up to date before anything is appended, as the role that owns it: Marten's tables, the
/// event seal (the hash-chain trigger), and, when the application connects as a role of its own, that role's
/// append-only rights (see <see cref="AppendOnly"/>).
/// </summary>
public sealed class LedgerSchemaOnStart(LedgerDatabase database, TimeProvider clock, ILogger<LedgerSchemaOnStart> log) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        using (var owner = DocumentStore.For(opts => LedgerStore.Configure(opts, database.OwnerConnectionString, clock)))
            await LedgerStore.MigrateAsync(owner, grantAppRole: database.Separated, ct);
        if (!database.Separated) log.LogWarning("The ledger connects as the role that owns its tables (no ConnectionStrings:LedgerOwner): the event store is append-only by its seal, not by the database's rights");
        else await CheckApplicationRoleAsync(ct);
    }

    /// <summary>
    /// The owner migrated; the application role must be able to sign in too, or every request would fail while the
    /// process looks alive. A refused sign-in (a wrong password, a missing role) stops the start, naming the setting.
    /// </summary>
    private async Task CheckApplicationRoleAsync(CancellationToken ct)
    {
        try
        {
            await using var conn = new Npgsql.NpgsqlConnection(database.ConnectionString);
            await conn.OpenAsync(ct);
        }
        catch (Npgsql.PostgresException e) when (e.SqlState.StartsWith("28", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"ConnectionStrings:Ledger: the application role cannot sign in to the database ({e.MessageText}); " +
                                                "check its user name and password (docs/operations.md, \"Connection strings\").", e);
        }
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
