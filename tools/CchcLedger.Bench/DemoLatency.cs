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
/// database of its own that is dropped at the end.
/// </summary>
public static class DemoLatency
{
    public static async Task RunAsync(string server, int samples)
    {
        var connection = await Bench.Database(server, "cchc_bench", create: true);
        try
        {
            await using var host = await Bench.HostAsync(connection);
            var store = host.Services.GetRequiredService<IDocumentStore>();

            var clock = Stopwatch.StartNew();
            var report = await DemoLoader.LoadAsync(store, DemoData.Read(DemoData.DefaultPath()));
            clock.Stop();
            await using (var session = store.QuerySession())
                Console.WriteLine($"demo load: {report.ScorecardsLoaded} scorecards, {await session.Events.QueryAllRawEvents().CountAsync()} events in {clock.ElapsedMilliseconds} ms (one run)");

            var auditor = Bench.Token(Roles.Auditor);
            var appraiser = Bench.Token(Roles.Appraiser);
            Bench.Header();
            await Bench.Measure("GET ranking of a block (20 departments)", samples, i => host.Scenario(s => { s.Get.Url("/api/years/2017/rankings/departments"); s.WithBearerToken(auditor); }));
            await Bench.Measure("GET rankings of the year (31 agencies, 2 blocks)", samples, i => host.Scenario(s => { s.Get.Url("/api/years/2017/rankings"); s.WithBearerToken(auditor); }));
            await Bench.Measure("GET one scorecard (40 leaves)", samples, i => host.Scenario(s => { s.Get.Url("/api/years/2017/scorecards/huu-lung"); s.WithBearerToken(auditor); }));
            var agencies = DemoData.Read(DemoData.DefaultPath()).Scorecards.Select(c => c.Agency).ToArray();
            await Bench.Measure("POST an adjustment (load, decide, append, project)", samples, i => host.Scenario(s =>
            {
                s.Post.Json(new { criterion = "1.4", points = i % 2 == 0 ? 1.25m : 1.5m, reason = "Đo hiệu năng", decisionRef = $"BENCH-{i}" })
                    .ToUrl($"/api/years/2017/scorecards/{agencies[i % agencies.Length]}/adjustments");
                s.WithBearerToken(appraiser);
            }));
        }
        finally
        {
            await Bench.Database(server, "cchc_bench", create: false);
        }
    }
}
