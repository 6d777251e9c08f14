using CchcLedger.Api.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace CchcLedger.Api.Tests;

/// <summary>
/// One throwaway PostgreSQL cluster for the whole test run, in a temporary folder, removed when the run ends.
/// Set ConnectionStrings__Ledger to test against a server of your own instead.
/// </summary>
public static class TestDatabase
{
    private const string FolderPrefix = "cchc-test-";
    private static readonly Lazy<Task<(string ConnectionString, LocalPostgres? Cluster)>> Started = new(StartAsync);

    public static async Task<string> ConnectionStringAsync() => (await Started.Value).ConnectionString;

    /// <summary>A new, empty database on the test server (dropped first if a run left one behind).</summary>
    public static async Task<string> FreshDatabaseAsync(string name)
    {
        var builder = new NpgsqlConnectionStringBuilder(await ConnectionStringAsync());
        builder.Database = "postgres";
        builder.Pooling = false;
        await using (var conn = new NpgsqlConnection(builder.ConnectionString))
        {
            await conn.OpenAsync();
            await using var drop = new NpgsqlCommand($"drop database if exists {name} with (force)", conn);
            await drop.ExecuteNonQueryAsync();
            await using var create = new NpgsqlCommand($"create database {name}", conn);
            await create.ExecuteNonQueryAsync();
        }
        builder.Database = name;
        builder.Pooling = true;
        return builder.ConnectionString;
    }

    /// <summary>Stops the cluster and removes its folder; safe to call more than once.</summary>
    public static async Task StopAsync()
    {
        if (!Started.IsValueCreated || (await Started.Value).Cluster is not { } cluster) return;
        await cluster.StopAsync();
        Remove(cluster.Options.BaseDir);
    }

    private static async Task<(string, LocalPostgres?)> StartAsync()
    {
        var configured = Environment.GetEnvironmentVariable("ConnectionStrings__Ledger");
        if (!string.IsNullOrWhiteSpace(configured)) return (configured, null);

        RemoveLeftovers();
        var folder = Path.Combine(Path.GetTempPath(), $"{FolderPrefix}{Guid.NewGuid():N}");
        var cluster = await LocalPostgres.StartAsync(new LocalPostgresOptions(folder, Throwaway: true), NullLogger.Instance);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => StopAsync().GetAwaiter().GetResult();
        return (cluster.ConnectionString, cluster);
    }

    /// <summary>
    /// Folders of earlier runs that were killed before they could clean up: their cluster is no longer running, and
    /// the folder is over an hour old (a run beside this one may be creating its cluster, which has no pid file yet).
    /// </summary>
    private static void RemoveLeftovers()
    {
        foreach (var dir in Directory.GetDirectories(Path.GetTempPath(), $"{FolderPrefix}*"))
        {
            var pidFile = Path.Combine(dir, "data", "postmaster.pid");
            var running = File.Exists(pidFile) && int.TryParse(File.ReadLines(pidFile).FirstOrDefault(), out var pid) && Directory.Exists($"/proc/{pid}");
            if (!running && Directory.GetCreationTimeUtc(dir) < DateTime.UtcNow.AddHours(-1)) Remove(dir);
        }
    }

    private static void Remove(string dir)
    {
        try { Directory.Delete(dir, recursive: true); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { /* a leftover is swept by the next run */ }
    }
}
