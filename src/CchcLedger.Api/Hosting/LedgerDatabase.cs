using CchcLedger.Projections;
using Microsoft.Extensions.Logging;

namespace CchcLedger.Api.Hosting;

/// <summary>
/// The database the ledger uses: <c>ConnectionStrings:Ledger</c> when configured (nothing is started), otherwise a
/// private cluster kept under <c>.data/pg</c> in the repository (or <c>LocalPostgres:Folder</c>), started on demand.
/// <see cref="OwnerConnectionString"/> migrates the schema; <see cref="ConnectionString"/> is what the application
/// runs as. They differ (<see cref="Separated"/>) for the local cluster, whose application role is append-only, and
/// when <c>ConnectionStrings:LedgerOwner</c> is configured beside <c>ConnectionStrings:Ledger</c>.
/// </summary>
public sealed class LedgerDatabase : IAsyncDisposable
{
    private readonly LocalPostgres? _local;

    private LedgerDatabase(string connectionString, string ownerConnectionString, LocalPostgres? local) =>
        (ConnectionString, OwnerConnectionString, _local) = (connectionString, ownerConnectionString, local);

    public string ConnectionString { get; }
    public string OwnerConnectionString { get; }
    public bool Separated => ConnectionString != OwnerConnectionString;

    public static LedgerDatabase Start(IConfiguration configuration, ILogger log)
    {
        var configured = configuration.GetConnectionString("Ledger");
        var owner = configuration.GetConnectionString("LedgerOwner");
        if (!string.IsNullOrWhiteSpace(configured)) return new LedgerDatabase(configured, string.IsNullOrWhiteSpace(owner) ? configured : owner, null);

        var local = LocalPostgres.StartAsync(LocalOptions(configuration), log).GetAwaiter().GetResult();
        return new LedgerDatabase(AppendOnly.AppConnection(local.ConnectionString), local.ConnectionString, local);
    }

    public static LocalPostgresOptions LocalOptions(IConfiguration configuration) => new(
        configuration["LocalPostgres:Folder"] is { Length: > 0 } folder ? Path.GetFullPath(folder) : DefaultFolder(),
        int.TryParse(configuration["LocalPostgres:Port"], out var port) ? port : null);

    /// <summary><c>.data/pg</c> beside CchcLedger.sln, found upwards from the running program; else under the current folder.</summary>
    public static string DefaultFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CchcLedger.sln"))) return Path.Combine(dir.FullName, ".data", "pg");
        return Path.Combine(Directory.GetCurrentDirectory(), ".data", "pg");
    }

    public async ValueTask DisposeAsync()
    {
        if (_local is not null) await _local.DisposeAsync();
    }
}
