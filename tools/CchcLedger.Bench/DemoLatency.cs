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

            // The demo as `dotnet run` tells it on an empty ledger: on its own calendar, through to its publication.
            var clock = Stopwatch.StartNew();
            var reports = (await DemoStory.TellAsync(connection, DemoStory.Years(), host.Services.GetRequiredService<EventMacKey>().Key))!;
            clock.Stop();
            await using (var session = store.QuerySession())
                Console.WriteLine($"demo told ({reports.Count} years): {reports.Sum(r => r.ScorecardsLoaded)} scorecards, {await session.Events.QueryAllRawEvents().CountAsync()} events in {clock.ElapsedMilliseconds} ms (one run)");

            var auditor = Bench.Token(Roles.Auditor);
            var appraiser = Bench.Token(Roles.Appraiser);
            Bench.Header();
            await Bench.Measure("GET ranking of a block (20 departments)", samples, i => host.Scenario(s => { s.Get.Url("/api/years/2017/rankings/departments"); s.WithBearerToken(auditor); }));
            await Bench.Measure("GET rankings of the year (31 agencies, 2 blocks)", samples, i => host.Scenario(s => { s.Get.Url("/api/years/2017/rankings"); s.WithBearerToken(auditor); }));
            await Bench.Measure("GET one scorecard (40 leaves)", samples, i => host.Scenario(s => { s.Get.Url("/api/years/2017/scorecards/huu-lung"); s.WithBearerToken(auditor); }));
            // The web pages, rendered on the server (visitors' pages without a token, the others as an auditor).
            foreach (var (name, url, token) in new (string, string, string?)[]
            {
                ("page: home (published results, charts)", "/", null),
                ("page: a publication (11 districts)", "/cong-bo/2017/districts/1", null),
                ("page: an agency, visitor (published figures)", "/don-vi/2017/huu-lung", null),
                ("page: an agency (tree, waterfall, timeline)", "/don-vi/2017/huu-lung", auditor),
                ("page: an agency as of 15/01/2018", "/don-vi/2017/huu-lung?asOf=2018-01-15T10:00", auditor),
                ("page: ranking of a block as of", "/xep-hang/2017/departments?asOf=2018-01-15T10:00", auditor),
                ("page: explain a block (adjustments of 12/01/2018)", "/giai-trinh/2017/departments?from=2018-01-12T08:00&to=2018-01-13T08:00", auditor),
                ("page: explain an agency over its year", "/don-vi/2017/huu-lung/giai-trinh?from=2017-12-01T00:00&to=2018-02-07T00:00", auditor),
                ("page: an agency over the years", "/qua-cac-nam/huu-lung", auditor),
                ("page: a criteria set", "/bo-tieu-chi/2017-districts", auditor),
                ("page: appeals of the year", "/kien-nghi/2017", auditor),
                ("page: one appeal", "/kien-nghi/chi-tiet/2017-huu-lung-1", auditor),
                ("page: integrity", "/toan-ven", null),
            })
                await Bench.Measure(name, samples, _ => host.Scenario(s =>
                {
                    s.Get.Url(url);
                    if (token is not null) s.WithBearerToken(token);
                    s.StatusCodeShouldBeOk();
                }));

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
