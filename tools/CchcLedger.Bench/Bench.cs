using System.Diagnostics;
using Alba;
using CchcLedger.Api.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace CchcLedger.Bench;

/// <summary>
/// The ledger's benchmarks, on the local cluster (or ConnectionStrings__Ledger), each in a database of its own:
/// <c>demo [samples]</c> — latency of the main reads and writes on the Lạng Sơn demo;
/// <c>history [years] [--keep] [--reuse]</c> — as-of, derivation, explain, pages, publication and bundles on a generated ledger of 2,000,000+
/// events; <c>--keep</c> leaves its database for a later <c>--reuse</c> (measure again without generating it) or <c>integrity</c>;
/// <c>integrity</c> — publication, bundle, verification and projection audit again on that kept database;
/// <c>writes [writers] [seconds] [--keys]</c> — accepted writes per second under concurrent writers, over HTTP to the API as a process
/// (with <c>--keys</c>, every write under an Idempotency-Key).
/// <c>evidence [files] [MiB]</c> — evidence files uploaded, downloaded, stored, verified and dumped, over HTTP to the API as a process.
/// <c>imports [provinces] [units] [leaves]</c> — a national-size year imported from spreadsheets, one transaction per file.
/// </summary>
public static class Bench
{
    public static async Task<int> Main(string[] args)
    {
        Console.OutputEncoding = new System.Text.UTF8Encoding(false);
        // The API's content root (appsettings.json, Demo/) is copied beside this program.
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_CCHCLEDGER_API", AppContext.BaseDirectory);

        await using var local = Environment.GetEnvironmentVariable("ConnectionStrings__Ledger") is { Length: > 0 }
            ? null : LocalPostgres.Open(new LocalPostgresOptions(LedgerDatabase.DefaultFolder()), NullLogger.Instance);
        if (local is not null) await local.StartAsync();
        var server = Environment.GetEnvironmentVariable("ConnectionStrings__Ledger") ?? local!.ConnectionString;

        var mode = args.FirstOrDefault() ?? "demo";
        int? Number(int at) => args.Length > at && int.TryParse(args[at], out var n) ? n : null;
        switch (mode)
        {
            case "demo": await DemoLatency.RunAsync(server, Number(1) ?? 300); return 0;
            case "profile-explain": await ExplainProfile.RunAsync(server, Number(1) ?? 2015); return 0;
            case "history": await HistoryAtScale.RunAsync(server, Number(1) ?? 11, keep: args.Contains("--keep"), reuse: args.Contains("--reuse")); return 0;
            case "integrity": await HistoryAtScale.IntegrityAsync(server); return 0;
            case "writes": await WriteThroughput.RunAsync(server, Number(1) ?? 20, Number(2) ?? 20, keys: args.Contains("--keys")); return 0;
            case "evidence": await EvidenceThroughput.RunAsync(server, Number(1) ?? 400, Number(2) ?? 1); return 0;
            case "imports": await ImportAtScale.RunAsync(server, Number(1) ?? 1, Number(2) ?? 150, Number(3) ?? 90); return 0;
            default: Console.Error.WriteLine("usage: bench [demo [samples] | history [years] [--keep] [--reuse] | integrity | writes [writers] [seconds] [--keys] | evidence [files] [MiB] | imports [provinces] [units] [leaves]]"); return 2;
        }
    }

    /// <summary>The benchmark host's own signing key: it issues its own tokens.</summary>
    internal static readonly AuthSettings Auth = new(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32), AuthSettings.DefaultIssuer, AuthSettings.DefaultAudience);

    public static Task<IAlbaHost> HostAsync(string connection) =>
        AlbaHost.For<Program>(b =>
        {
            b.UseSetting("ConnectionStrings:Ledger", connection);
            b.UseSetting("Demo:LoadOnStart", "false");
            b.UseSetting("Logging:LogLevel:Default", "Warning");
            b.UseSetting("Auth:SigningKey", Convert.ToBase64String(Auth.SigningKey));
            b.UseSetting("RateLimits:AuthenticatedPerMinute", "100000000");
            b.UseSetting("RateLimits:AnonymousPerMinute", "100000000");
            // A checkpoint key and witness file of the benchmark's own, never the ledger's.
            b.UseSetting("Integrity:CheckpointKey", CheckpointKey.ExportPkcs8PrivateKeyPem());
            b.UseSetting("Integrity:WitnessFile", Path.Combine(Path.GetTempPath(), $"cchc-bench-{Environment.ProcessId}-checkpoints.jsonl"));
        });

    /// <summary>The benchmark's checkpoint key, kept beside its runs so that a kept ledger's checkpoints verify in a later run.</summary>
    internal static readonly System.Security.Cryptography.ECDsa CheckpointKey = BenchKey();

    private static System.Security.Cryptography.ECDsa BenchKey()
    {
        var file = Path.Combine(Path.GetTempPath(), "cchc-bench-checkpoint-key.pem");
        var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        if (File.Exists(file)) key.ImportFromPem(File.ReadAllText(file));
        else File.WriteAllText(file, key.ExportPkcs8PrivateKeyPem());
        return key;
    }

    /// <summary>A bearer token for a benchmark request in the given role.</summary>
    public static string Token(string role) => Auth.Issue($"Đo hiệu năng ({role})", role, [], TimeSpan.FromHours(2), DateTimeOffset.UtcNow);

    public static void Header() => Console.WriteLine($"{"operation",-60} {"n",5} {"median ms",10} {"p95 ms",8} {"max ms",8}");

    /// <summary>Times <paramref name="request"/> after <paramref name="warmUp"/> warm-up calls; prints and returns (median, p95) in ms.</summary>
    public static async Task<(double Median, double P95)> Measure(string name, int samples, Func<int, Task> request, int warmUp = 20)
    {
        for (var i = 0; i < warmUp; i++) await request(i); // warm-up: handler compilation, connection pool, plans
        var times = new double[samples];
        for (var i = 0; i < samples; i++)
        {
            var clock = Stopwatch.StartNew();
            await request(i + warmUp);
            times[i] = clock.Elapsed.TotalMilliseconds;
        }
        Array.Sort(times);
        var (median, p95) = (Percentile(times, 0.5), Percentile(times, 0.95));
        Console.WriteLine($"{name,-60} {samples,5} {median,10:F2} {p95,8:F2} {times[^1],8:F2}");
        return (median, p95);
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    /// <summary>The connection string of a database kept by an earlier run.</summary>
    public static Task<string> Existing(string server, string name) =>
        Task.FromResult(new NpgsqlConnectionStringBuilder(server) { Database = name, Pooling = true }.ConnectionString);

    /// <summary>Creates (or, with <paramref name="create"/> false, drops) a database of its own on the server.</summary>
    public static async Task<string> Database(string server, string name, bool create)
    {
        var builder = new NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false };
        await using (var conn = new NpgsqlConnection(builder.ConnectionString))
        {
            await conn.OpenAsync();
            await using var drop = new NpgsqlCommand($"drop database if exists {name} with (force)", conn);
            await drop.ExecuteNonQueryAsync();
            if (create)
            {
                await using var make = new NpgsqlCommand($"create database {name}", conn);
                await make.ExecuteNonQueryAsync();
            }
        }
        builder.Database = name;
        builder.Pooling = true;
        return builder.ConnectionString;
    }
}
