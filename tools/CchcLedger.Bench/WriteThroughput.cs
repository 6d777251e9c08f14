using System.Diagnostics;
using System.Net.Http.Json;
using CchcLedger.Api.Hosting;
using CchcLedger.Projections;

namespace CchcLedger.Bench;

/// <summary>
/// Accepted writes per second under N concurrent writers, over real HTTP: the API runs as a process of its own (the
/// build beside this program, on Kestrel, as in production) on a database of its own on the local cluster, which keeps
/// fsync and synchronous commit on; every write is authenticated, validated, sealed into the chain and projected.
/// Each writer posts adjustments to its own scorecard as fast as the answers come back. Reports accepted/s, the
/// latency percentiles of accepted writes, and the errors.
/// </summary>
public static class WriteThroughput
{
    /// <param name="keys">Each write sent with an <c>Idempotency-Key</c>, as the CLI and the pages send them.</param>
    public static async Task RunAsync(string server, int writers, int seconds, bool keys = false)
    {
        const string database = "cchc_bench_writes";
        var owner = await Bench.Database(server, database, create: true);
        var port = FreePort();
        using var api = StartApi(owner, port, "writes");
        try
        {
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = writers * 2 }) { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            await WaitReadyAsync(http, api);
            await SetUpAsync(http, writers);

            Console.WriteLine($"{writers} writers, each on its own scorecard, {seconds} s after a 5 s warm-up; fsync and synchronous commit on; every event sealed" +
                (keys ? "; every write under an Idempotency-Key" : ""));
            await Burst(http, writers, TimeSpan.FromSeconds(5), keys); // warm-up: JIT, handler compilation, pools, plans
            var (latencies, errors, elapsed) = await Burst(http, writers, TimeSpan.FromSeconds(seconds), keys);
            latencies.Sort();
            double P(double p) => latencies.Count == 0 ? double.NaN : latencies[Math.Min(latencies.Count - 1, (int)Math.Ceiling(p * latencies.Count) - 1)];
            Console.WriteLine($"accepted writes/s {latencies.Count / elapsed.TotalSeconds,8:F1}   accepted {latencies.Count,6}   errors {errors.Count}");
            Console.WriteLine($"latency ms: p50 {P(0.50):F2}   p95 {P(0.95):F2}   p99 {P(0.99):F2}   max {(latencies.Count == 0 ? double.NaN : latencies[^1]):F2}");
            foreach (var e in errors.GroupBy(e => e).OrderByDescending(g => g.Count()).Take(5)) Console.WriteLine($"  {e.Count()} × {e.Key}");
        }
        finally
        {
            api.Kill(entireProcessTree: true);
            await api.WaitForExitAsync();
            await Bench.Database(server, database, create: false);
        }
    }

    private static async Task<(List<double> Latencies, List<string> Errors, TimeSpan Elapsed)> Burst(HttpClient http, int writers, TimeSpan duration, bool keys)
    {
        var appraiser = Bench.Token(Roles.Appraiser);
        var results = new List<double>[writers];
        var errors = new List<string>[writers];
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, writers).Select(async w =>
        {
            results[w] = [];
            errors[w] = [];
            var i = 0;
            while (watch.Elapsed < duration)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/years/2017/scorecards/don-vi-{w}/adjustments")
                {
                    Content = JsonContent.Create(new { criterion = "1.1", points = (i % 40) * 0.5m, reason = "Đo thông lượng ghi", decisionRef = $"BENCH-{w}-{i}" }),
                    Headers = { Authorization = new("Bearer", appraiser) },
                };
                if (keys) request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
                i++;
                var start = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await http.SendAsync(request);
                    if (response.IsSuccessStatusCode) results[w].Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                    else errors[w].Add($"{(int)response.StatusCode}");
                }
                catch (HttpRequestException e)
                {
                    errors[w].Add(e.Message);
                }
            }
        }));
        return (results.SelectMany(r => r).ToList(), errors.SelectMany(e => e).ToList(), watch.Elapsed);
    }

    private static async Task SetUpAsync(HttpClient http, int writers)
    {
        var admin = Bench.Token(Roles.CriteriaAdmin);
        async Task Post(string url, object body)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body), Headers = { Authorization = new("Bearer", admin) } };
            (await http.SendAsync(request)).EnsureSuccessStatusCode();
        }
        await Post("/api/blocks", new { code = "districts", name = "Khối UBND cấp huyện" });
        await Post("/api/criteria-sets", new
        {
            id = "2017-districts", year = 2017, block = "districts", title = "Bộ chỉ số đo thông lượng",
            areas = new object[]
            {
                new { code = "1", title = "Công tác chỉ đạo, điều hành", max = 60, children = new object[] { new { code = "1.1", title = "Kế hoạch CCHC", max = 20, method = "scale", step = 0.5 } } },
                new { code = "2", title = "Điều tra xã hội học", max = 40, children = new object[] { new { code = "2.1", title = "Mức độ hài lòng", max = 40, method = "survey" } } },
            },
            classBands = new[] { new { label = "Tốt", min = 80 }, new { label = "Khá", min = 65 }, new { label = "Trung bình", min = 50 }, new { label = "Yếu", min = 0 } },
        });
        await Post("/api/criteria-sets/2017-districts/adoption", new { decisionRef = "QĐ đo thông lượng" });
        for (var w = 0; w < writers; w++) await Post("/api/agencies", new { code = $"don-vi-{w}", name = $"Đơn vị đo {w}", block = "districts" });
    }

    /// <summary>
    /// The API as a process of its own on <paramref name="port"/> (the build beside this program, on Kestrel, in
    /// Production), on the owner's database as the append-only role, with the benchmark's keys; more settings from
    /// <paramref name="settings"/>. Its failures are echoed to standard error.
    /// </summary>
    internal static Process StartApi(string owner, int port, string name, IReadOnlyDictionary<string, string>? settings = null)
    {
        var info = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "CchcLedger.Api.dll")])
        {
            UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = AppContext.BaseDirectory,
            Environment =
            {
                ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["Integrity__EventMacKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
                ["ConnectionStrings__LedgerOwner"] = owner,
                ["ConnectionStrings__Ledger"] = AppendOnly.AppConnection(owner),
                ["Demo__LoadOnStart"] = "false",
                ["Auth__SigningKey"] = Convert.ToBase64String(Bench.Auth.SigningKey),
                ["RateLimits__AuthenticatedPerMinute"] = "100000000",
                ["Integrity__CheckpointKey"] = Bench.CheckpointKey.ExportPkcs8PrivateKeyPem(),
                ["Integrity__WitnessFile"] = Path.Combine(Path.GetTempPath(), $"cchc-bench-{name}-{Environment.ProcessId}.jsonl"),
                ["Logging__LogLevel__Default"] = "Warning",
            },
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) info.Environment[key] = value;
        var api = Process.Start(info)!;
        api.OutputDataReceived += (_, _) => { };
        api.ErrorDataReceived += (_, e) => { if (e.Data is { } line && line.Contains("fail")) Console.Error.WriteLine($"api: {line}"); };
        api.BeginOutputReadLine();
        api.BeginErrorReadLine();
        return api;
    }

    internal static async Task WaitReadyAsync(HttpClient http, Process api)
    {
        for (var i = 0; i < 600; i++)
        {
            if (api.HasExited) throw new InvalidOperationException($"the API exited with code {api.ExitCode}");
            try
            {
                if ((await http.GetAsync("/health/ready")).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            await Task.Delay(100);
        }
        throw new TimeoutException("the API did not become ready");
    }

    internal static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
