using System.Diagnostics;
using Alba;
using CchcLedger.Api.Demo;
using CchcLedger.Api.Hosting;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace CchcLedger.Bench;

/// <summary>
/// Latency of the ledger's main reads and writes with the Lạng Sơn 2017 demo loaded: median and p95 over many
/// requests through the whole ASP.NET + Wolverine + Marten pipeline (in-process HTTP, real PostgreSQL), in a
/// database of its own that is dropped at the end. Usage: dotnet run -c Release --project tools/CchcLedger.Bench [-- samples]
/// </summary>
public static class Bench
{
    public static async Task<int> Main(string[] args)
    {
        Console.OutputEncoding = new System.Text.UTF8Encoding(false);
        // The API's content root (appsettings.json, Demo/) is copied beside this program.
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_CCHCLEDGER_API", AppContext.BaseDirectory);
        var samples = args.Length > 0 && int.TryParse(args[0], out var n) ? n : 300;

        await using var local = Environment.GetEnvironmentVariable("ConnectionStrings__Ledger") is { Length: > 0 }
            ? null : LocalPostgres.Open(new LocalPostgresOptions(LedgerDatabase.DefaultFolder()), NullLogger.Instance);
        if (local is not null) await local.StartAsync();
        var server = Environment.GetEnvironmentVariable("ConnectionStrings__Ledger") ?? local!.ConnectionString;
        var connection = await Database(server, "cchc_bench", create: true);

        try
        {
            await using var host = await AlbaHost.For<Program>(b =>
            {
                b.UseSetting("ConnectionStrings:Ledger", connection);
                b.UseSetting("Demo:LoadOnStart", "false");
                b.UseSetting("Logging:LogLevel:Default", "Warning");
            });
            var store = host.Services.GetRequiredService<IDocumentStore>();

            var clock = Stopwatch.StartNew();
            var report = await DemoLoader.LoadAsync(store, DemoData.Read(DemoData.DefaultPath()));
            clock.Stop();
            await using (var session = store.QuerySession())
                Console.WriteLine($"demo load: {report.ScorecardsLoaded} scorecards, {await session.Events.QueryAllRawEvents().CountAsync()} events in {clock.ElapsedMilliseconds} ms (one run)");

            Console.WriteLine($"{"operation",-52} {"n",5} {"median ms",10} {"p95 ms",8} {"max ms",8}");
            await Measure("GET ranking of a block (20 departments)", samples, i => host.Scenario(s => s.Get.Url("/api/years/2017/rankings/departments")));
            await Measure("GET rankings of the year (31 agencies, 2 blocks)", samples, i => host.Scenario(s => s.Get.Url("/api/years/2017/rankings")));
            await Measure("GET one scorecard (40 leaves)", samples, i => host.Scenario(s => s.Get.Url("/api/years/2017/scorecards/huu-lung")));
            var agencies = DemoData.Read(DemoData.DefaultPath()).Scorecards.Select(c => c.Agency).ToArray();
            await Measure("POST an adjustment (load, decide, append, project)", samples, i => host.Scenario(s =>
            {
                s.Post.Json(new { criterion = "1.4", points = i % 2 == 0 ? 1.25m : 1.5m, reason = "Đo hiệu năng", decisionRef = $"BENCH-{i}" })
                    .ToUrl($"/api/years/2017/scorecards/{agencies[i % agencies.Length]}/adjustments");
            }));
        }
        finally
        {
            await Database(server, "cchc_bench", create: false);
        }
        return 0;
    }

    private static async Task Measure(string name, int samples, Func<int, Task> request)
    {
        for (var i = 0; i < 20; i++) await request(i); // warm-up: handler compilation, connection pool, plans
        var times = new double[samples];
        for (var i = 0; i < samples; i++)
        {
            var clock = Stopwatch.StartNew();
            await request(i + 20);
            times[i] = clock.Elapsed.TotalMilliseconds;
        }
        Array.Sort(times);
        Console.WriteLine($"{name,-52} {samples,5} {Percentile(times, 0.5),10:F2} {Percentile(times, 0.95),8:F2} {times[^1],8:F2}");
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    /// <summary>Creates (or, with <paramref name="create"/> false, drops) a database of its own on the server.</summary>
    private static async Task<string> Database(string server, string name, bool create)
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
