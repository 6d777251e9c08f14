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
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
