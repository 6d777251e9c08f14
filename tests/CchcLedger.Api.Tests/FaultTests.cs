using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using CchcLedger.Api.Hosting;
using CchcLedger.Projections;
using Npgsql;

namespace CchcLedger.Api.Tests;

/// <summary>
/// The API as a separate process, as it runs in production (<c>dotnet CchcLedger.Api.dll</c>, its address from
/// <c>ASPNETCORE_URLS</c>), which a test can kill with SIGKILL and start again.
/// </summary>
public sealed class LedgerProcess(IReadOnlyDictionary<string, string> environment, int port) : IAsyncDisposable
{
    private Process? _process;
    public string Address => $"http://127.0.0.1:{port}";

    /// <summary>What the process wrote (its log), for a failing test to show.</summary>
    public ConcurrentQueue<string> Output { get; } = new();

    /// <summary>The API built beside this test run (same configuration), found from the repository root.</summary>
    private static string ApiDll()
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CchcLedger.sln")))
                return Path.Combine(dir.FullName, "src", "CchcLedger.Api", "bin", configuration, "net10.0", "CchcLedger.Api.dll");
        throw new InvalidOperationException("the repository root (CchcLedger.sln) was not found above the test run");
    }

    public async Task StartAsync()
    {
        var info = new ProcessStartInfo("dotnet", [ApiDll()]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var (name, value) in environment) info.Environment[name] = value;
        info.Environment["ASPNETCORE_URLS"] = Address;
        _process = Process.Start(info)!;
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) Output.Enqueue(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Output.Enqueue(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"the API exited at start with code {_process.ExitCode}");
            try
            {
                if ((await client.GetAsync($"{Address}/health/ready")).IsSuccessStatusCode) return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { }
            await Task.Delay(200);
        }
        throw new TimeoutException($"the API did not become ready on {Address}");
    }

    /// <summary>SIGKILL: no shutdown, no flushing, as a crash or an OOM kill would.</summary>
    public void Kill()
    {
        _process?.Kill(entireProcessTree: true);
        _process?.WaitForExit();
    }

    public ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false }) Kill();
        _process?.Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// Crashes during bursts of writes, as a client that retries under its Idempotency-Key sees them: the API killed, and
/// PostgreSQL stopped at once. Every write is recorded exactly once, the chain verifies, no answer is a 500, and the
/// API recovers from the database's restart by itself.
/// </summary>
[Collection(OutageCollection.Name)]
public sealed class FaultTests(OutageFixture fixture)
{
    private const int Writers = 20;
    private const int WritesEach = 12;

    private static readonly ConcurrentBag<string> Failures = [];

    private sealed record Write(string Agency, string Key, string Reason, decimal Points);

    private static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private async Task<(LedgerProcess Api, string Owner)> StartLedgerAsync(string database)
    {
        var owner = new NpgsqlConnectionStringBuilder(fixture.Cluster.ConnectionString) { Database = database }.ConnectionString;
        await using (var conn = new NpgsqlConnection(fixture.Cluster.ConnectionString))
        {
            await conn.OpenAsync();
            await new NpgsqlCommand($"drop database if exists {database} with (force); create database {database}", conn).ExecuteNonQueryAsync();
        }
        var integrity = Path.Combine(fixture.Folder, database);
        // The API runs in Production, which never makes its keys: they are made here, as an operator would.
        Directory.CreateDirectory(integrity);
        using (var checkpointKey = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256))
            await File.WriteAllTextAsync(Path.Combine(integrity, "checkpoint-key.pem"), checkpointKey.ExportPkcs8PrivateKeyPem());
        await File.WriteAllTextAsync(Path.Combine(integrity, "event-mac.key"), Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
        var api = new LedgerProcess(new Dictionary<string, string>
        {
            ["ConnectionStrings__LedgerOwner"] = owner,
            ["ConnectionStrings__Ledger"] = AppendOnly.AppConnection(owner),
            ["Demo__LoadOnStart"] = "false",
            ["Auth__SigningKey"] = TestTokens.Key,
            ["RateLimits__AuthenticatedPerMinute"] = "1000000",
            ["Integrity__CheckpointKeyFile"] = Path.Combine(integrity, "checkpoint-key.pem"),
            ["Integrity__WitnessFile"] = Path.Combine(integrity, "checkpoints.jsonl"),
            ["Integrity__EventMacKeyFile"] = Path.Combine(integrity, "event-mac.key"),
            ["Logging__LogLevel__Default"] = "Warning",
        }, FreePort());
        await api.StartAsync();

        using var admin = Client(api, Roles.CriteriaAdmin);
        (await admin.PostAsJsonAsync("/api/blocks", new { code = "districts", name = "Khối UBND cấp huyện" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/criteria-sets", LedgerTest.SmallSet())).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/criteria-sets/2017-districts/adoption", new { decisionRef = "QĐ 1/QĐ-UBND" })).EnsureSuccessStatusCode();
        for (var w = 0; w < Writers; w++)
            (await admin.PostAsJsonAsync("/api/agencies", new { code = $"don-vi-{w}", name = $"UBND xã thử nghiệm {w}", block = "districts" })).EnsureSuccessStatusCode();
        return (api, owner);
    }

    private static HttpClient Client(LedgerProcess api, string role) =>
        new() { BaseAddress = new Uri(api.Address), Timeout = TimeSpan.FromSeconds(30), DefaultRequestHeaders = { Authorization = new("Bearer", TestTokens.For(role, "Trần Thị Bình")) } };

    /// <summary>Each writer sends its writes in turn, each retried under its key until the ledger acknowledges it; every status seen is kept.</summary>
    private static async Task<ConcurrentBag<int>> BurstAsync(LedgerProcess api, IReadOnlyList<Write> writes, Func<int, Task> afterAcknowledged)
    {
        var statuses = new ConcurrentBag<int>();
        var acknowledged = 0;
        await Task.WhenAll(writes.GroupBy(w => w.Agency).Select(async mine =>
        {
            using var client = Client(api, Roles.Appraiser);
            foreach (var write in mine)
            {
                var deadline = DateTime.UtcNow.AddSeconds(120);
                while (true)
                {
                    if (DateTime.UtcNow > deadline) throw new TimeoutException($"{write.Reason} was never acknowledged");
                    using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/years/2017/scorecards/{write.Agency}/adjustments")
                    {
                        Content = JsonContent.Create(new { criterion = "1.1", points = write.Points, reason = write.Reason, decisionRef = "QĐ 77/QĐ-UBND" }),
                        Headers = { { "Idempotency-Key", write.Key } },
                    };
                    try
                    {
                        using var response = await client.SendAsync(request);
                        var status = (int)response.StatusCode;
                        statuses.Add(status);
                        // 409 on the key: carried out, but the process died before its answer was kept.
                        if (status == 200 || status == 409 && (await response.Content.ReadAsStringAsync()).Contains("Idempotency-Key")) break;
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                    {
                        statuses.Add(0); // no answer at all: the process is down
                        Failures.Add($"{write.Reason}: {e.GetType().Name} {e.Message} {e.InnerException?.Message}");
                    }
                    await Task.Delay(100);
                }
                await afterAcknowledged(Interlocked.Increment(ref acknowledged));
            }
        }));
        return statuses;
    }

    private static List<Write> Writes(string run) =>
        Enumerable.Range(0, Writers).SelectMany(w => Enumerable.Range(0, WritesEach).Select(i =>
            new Write($"don-vi-{w}", $"{run}-{w}-{i}", $"{run}: lần ghi {i} của đơn vị {w}", (i % 40) * 0.5m))).ToList();

    private static async Task EveryWriteOnceAndTheChainVerifiesAsync(string owner, IReadOnlyList<Write> writes)
    {
        await using var conn = new NpgsqlConnection(owner);
        await conn.OpenAsync();
        var counts = new Dictionary<string, long>();
        await using (var cmd = new NpgsqlCommand("select data->>'reason', count(*) from cchc.mt_events where type = 'points_adjusted' group by 1", conn))
        await using (var reader = await cmd.ExecuteReaderAsync())
            while (await reader.ReadAsync()) counts[reader.GetString(0)] = reader.GetInt64(1);
        var wrong = writes.Where(w => counts.GetValueOrDefault(w.Reason) != 1).Select(w => $"{w.Reason}: {counts.GetValueOrDefault(w.Reason)} times").ToList();
        Assert.True(wrong.Count == 0, "writes not recorded exactly once:\n" + string.Join("\n", wrong.Take(20)));
        Assert.Equal(writes.Count, counts.Values.Sum());
        var chain = await EventSeals.VerifyAsync(conn);
        Assert.True(chain.Ok, $"the chain does not verify: {chain.FirstFailure}");
    }

    [Fact]
    public async Task the_api_killed_during_a_burst_of_writes_loses_none_and_duplicates_none()
    {
        var (api, owner) = await StartLedgerAsync("cchc_fault_kill");
        await using var _ = api;
        var writes = Writes("kill");
        var killed = 0;
        var statuses = await BurstAsync(api, writes, async acknowledged =>
        {
            if (acknowledged != writes.Count / 3 || Interlocked.Exchange(ref killed, 1) == 1) return;
            api.Kill();
            await api.StartAsync();
        });
        Assert.Equal(1, killed);
        Assert.True(!statuses.Contains(500), "a 500 around the kill:\n" + string.Join("\n", api.Output.Where(l => l.Contains("fail") || l.Contains("Exception")).Take(30)));
        await EveryWriteOnceAndTheChainVerifiesAsync(owner, writes);
    }

    [Fact]
    public async Task postgres_stopped_at_once_during_a_burst_is_503s_then_recovered_without_restarting_the_api()
    {
        var (api, owner) = await StartLedgerAsync("cchc_fault_pg");
        await using var _ = api;
        var writes = Writes("pg");
        var stopped = 0;
        var statuses = await BurstAsync(api, writes, async acknowledged =>
        {
            if (acknowledged != writes.Count / 3 || Interlocked.Exchange(ref stopped, 1) == 1) return;
            await fixture.Cluster.StopAsync(immediate: true);
            await Task.Delay(TimeSpan.FromSeconds(2));
            await fixture.Cluster.StartAsync();
        });
        Assert.Equal(1, stopped);
        Assert.True(!statuses.Contains(500), "a 500 during the outage:\n" + string.Join("\n", api.Output.Where(l => l.Contains("fail") || l.Contains("Exception")).Take(30)));
        Assert.Contains(503, statuses);
        Assert.True(!statuses.Contains(0), "the API itself must never stop answering:\n" + string.Join("\n", Failures.Take(5)));
        await EveryWriteOnceAndTheChainVerifiesAsync(owner, writes);
    }
}
