using CchcLedger.Api.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace CchcLedger.Api.Tests;

/// <summary>
/// One throwaway PostgreSQL cluster for the whole test run, in a temporary folder, removed when the run ends.
/// Set ConnectionStrings__Ledger to test against a server of your own instead.
/// </summary>
public static class TestDatabase
{
    private static readonly Lazy<Task<(string ConnectionString, LocalPostgres? Cluster)>> Started = new(StartAsync);

    public static async Task<string> ConnectionStringAsync() => (await Started.Value).ConnectionString;

    private static async Task<(string, LocalPostgres?)> StartAsync()
    {
        var configured = Environment.GetEnvironmentVariable("ConnectionStrings__Ledger");
        if (!string.IsNullOrWhiteSpace(configured)) return (configured, null);

        var folder = Path.Combine(Path.GetTempPath(), $"cchc-test-{Guid.NewGuid():N}");
        var cluster = await LocalPostgres.StartAsync(new LocalPostgresOptions(folder, Throwaway: true), NullLogger.Instance);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            cluster.StopAsync().GetAwaiter().GetResult();
            try { Directory.Delete(cluster.Options.BaseDir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        };
        return (cluster.ConnectionString, cluster);
    }
}
