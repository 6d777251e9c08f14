using CchcLedger.Projections;
using Microsoft.Extensions.Logging;
using Npgsql;

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

    private LedgerDatabase(string connectionString, string ownerConnectionString, bool separated, LocalPostgres? local) =>
        (ConnectionString, OwnerConnectionString, Separated, _local) = (connectionString, ownerConnectionString, separated, local);

    public string ConnectionString { get; }
    public string OwnerConnectionString { get; }
    public bool Separated { get; }

    public static LedgerDatabase Start(IConfiguration configuration, ILogger log)
    {
        var configured = configuration.GetConnectionString("Ledger");
        var owner = configuration.GetConnectionString("LedgerOwner");
        if (!string.IsNullOrWhiteSpace(configured))
            return new LedgerDatabase(WithTimeouts(configured, configuration), string.IsNullOrWhiteSpace(owner) ? configured : owner,
                !string.IsNullOrWhiteSpace(owner) && owner != configured, null);

        var local = LocalPostgres.StartAsync(LocalOptions(configuration), log).GetAwaiter().GetResult();
        return new LedgerDatabase(WithTimeouts(AppendOnly.AppConnection(local.ConnectionString), configuration), local.ConnectionString, true, local);
    }

    /// <summary>
    /// How long a request may wait for the database: <c>Database:ConnectTimeoutSeconds</c> (default 3) to open a
    /// connection, <c>Database:CommandTimeoutSeconds</c> (default 5) for a command, then one more second for the
    /// server to acknowledge the cancellation. A stopped or frozen server is therefore answered 503 within about
    /// 6 seconds (see <see cref="DatabaseOutages"/>) instead of holding the request. Work that legitimately runs
    /// longer (verifying the whole chain) sets its own command time-out.
    /// </summary>
    /// <remarks>
    /// Also, unless the connection string says otherwise: statements used twice are prepared (<c>Max Auto Prepare</c>
    /// 100), and a pooled connection is not reset when returned (<c>No Reset On Close</c>), which would discard them and
    /// cost seven statements a time; the one session setting the ledger makes, the idempotency lock's wait, it sets back
    /// itself. Behind a pooler that cannot keep prepared statements (PgBouncer in transaction mode before 1.21), give
    /// <c>Max Auto Prepare=0</c> in the connection string.
    /// </remarks>
    public static string WithTimeouts(string connectionString, IConfiguration configuration)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString)
        {
            Timeout = configuration.GetValue("Database:ConnectTimeoutSeconds", 3),
            CommandTimeout = configuration.GetValue("Database:CommandTimeoutSeconds", 5),
            CancellationTimeout = 1000,
        };
        // The keys the string itself sets (Npgsql's builder answers ContainsKey for every keyword it knows).
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString }.Keys.Cast<string>()
            .Select(k => k.Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant()).ToHashSet();
        if (!given.Contains("maxautoprepare")) builder.MaxAutoPrepare = 100;
        if (!given.Contains("autoprepareminusages")) builder.AutoPrepareMinUsages = 2;
        if (!given.Contains("noresetonclose")) builder.NoResetOnClose = true;
        return builder.ConnectionString;
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
