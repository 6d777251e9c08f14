using System.Diagnostics;
using Alba;
using CchcLedger.Api.Hosting;
using JasperFx.CommandLine;
using Microsoft.Extensions.Logging.Abstractions;

namespace CchcLedger.Api.Tests;

/// <summary>
/// A PostgreSQL cluster of its own, which the outage tests stop, freeze and restart, and an API host on it. Its tests
/// form a collection of their own: they must never take down the cluster the rest of the suite uses.
/// </summary>
public sealed class OutageFixture : IAsyncLifetime
{
    public LocalPostgres Cluster { get; private set; } = null!;
    public IAlbaHost Host { get; private set; } = null!;
    public string Folder { get; } = Path.Combine(Path.GetTempPath(), $"cchc-test-outage-{Guid.NewGuid():N}");

    public async Task InitializeAsync()
    {
        // A fixed port, so that the restarted server is where the pool's connection string says.
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        // Durable like a real server (fsync and synchronous commit on): an immediate stop must lose no acknowledged write.
        Cluster = await LocalPostgres.StartAsync(new LocalPostgresOptions(Folder, port), NullLogger.Instance);
        var integrity = Path.Combine(Folder, "integrity");
        JasperFxEnvironment.AutoStartHost = true;
        Host = await AlbaHost.For<Program>(b =>
        {
            b.UseSetting("ConnectionStrings:LedgerOwner", Cluster.ConnectionString);
            b.UseSetting("ConnectionStrings:Ledger", Projections.AppendOnly.AppConnection(Cluster.ConnectionString));
            b.UseSetting("Demo:LoadOnStart", "false");
            b.UseSetting("Auth:SigningKey", TestTokens.Key);
            b.UseSetting("RateLimits:AuthenticatedPerMinute", "1000000");
            b.UseSetting("RateLimits:AnonymousPerMinute", "1000000");
            b.UseSetting("Integrity:CheckpointKeyFile", Path.Combine(integrity, "checkpoint-key.pem"));
            b.UseSetting("Integrity:WitnessFile", Path.Combine(integrity, "checkpoints.jsonl"));
            b.UseSetting("Integrity:EventMacKeyFile", Path.Combine(integrity, "event-mac.key"));
        });
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        foreach (var pid in Cluster.ProcessIds()) Signal(pid, "CONT");
        await Cluster.StopAsync(immediate: true);
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
    }

    public static void Signal(int pid, string signal) => Process.Start("kill", [$"-{signal}", pid.ToString()])!.WaitForExit();
}

[CollectionDefinition(Name)]
public sealed class OutageCollection : ICollectionFixture<OutageFixture>
{
    public const string Name = "outages";
}

/// <summary>PostgreSQL stopped, frozen and restarted under a running API: 503 with Retry-After within a bound, and recovery without a failed request.</summary>
[Collection(OutageCollection.Name)]
public sealed class OutageTests(OutageFixture fixture)
{
    private IAlbaHost Host => fixture.Host;

    /// <summary>The documented bound: connect 3 s, command 5 s and the cancellation's 1 s; the rest is a busy machine's slack.</summary>
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(15);

    private async Task<(int Status, string? RetryAfter, string Body, TimeSpan Took)> Send(string method, string url, object? body = null)
    {
        var watch = Stopwatch.StartNew();
        var result = await Host.Scenario(s =>
        {
            if (method == "GET") s.Get.Url(url); else s.Post.Json(body!).ToUrl(url);
            if (!url.StartsWith("/health")) s.WithBearerToken(TestTokens.ForRequest(method, url));
            s.IgnoreStatusCode();
        });
        return (result.Context.Response.StatusCode, result.Context.Response.Headers.RetryAfter.ToString(), await result.ReadAsTextAsync(), watch.Elapsed);
    }

    [Fact]
    public async Task stopped_frozen_and_restarted_postgres_is_a_503_with_retry_after_then_recovered_without_a_failed_request()
    {
        // Warm: the pool holds connections to the running server.
        Assert.Equal(200, (await Send("GET", "/api/agencies")).Status);
        var block = await Send("POST", "/api/blocks", new { code = "districts", name = "Khối UBND cấp huyện" });
        Assert.True(block.Status is 201 or 409, $"defining the block answered {block.Status}");
        Assert.Equal(201, (await Send("POST", "/api/agencies", new { code = "chi-lang", name = "UBND huyện Chi Lăng", block = "districts" })).Status);

        await fixture.Cluster.StopAsync(immediate: true);
        foreach (var (method, url, body) in new (string, string, object?)[]
                 {
                     ("GET", "/api/agencies", null), ("GET", "/health/ready", null),
                     ("POST", "/api/agencies", new { code = "bac-son", name = "UBND huyện Bắc Sơn", block = "districts" }),
                 })
        {
            var answer = await Send(method, url, body);
            Assert.True(answer.Status == 503, $"{method} {url} with PostgreSQL stopped: {answer.Status} {answer.Body}");
            Assert.Equal(DatabaseOutages.RetryAfterSeconds.ToString(), answer.RetryAfter);
            Assert.True(answer.Took < Bound, $"{method} {url} took {answer.Took}");
            Assert.DoesNotContain("127.0.0.1", answer.Body);
        }
        Assert.Equal(200, (await Send("GET", "/health/live")).Status);

        // Restarted: the pool's connections are to the old server; the first read after it is still answered.
        await fixture.Cluster.StartAsync();
        Assert.Equal(200, (await Send("GET", "/api/agencies")).Status);
        Assert.Equal(200, (await Send("GET", "/health/ready")).Status);

        // Frozen (every server process stopped by SIGSTOP): held requests are answered 503 within the bound, not after minutes.
        var frozen = fixture.Cluster.ProcessIds();
        foreach (var pid in frozen) OutageFixture.Signal(pid, "STOP");
        try
        {
            var answers = await Task.WhenAll(Send("GET", "/api/agencies"), Send("GET", "/health/ready"), Send("GET", "/api/criteria-sets"));
            foreach (var answer in answers)
            {
                Assert.True(answer.Status == 503, $"with PostgreSQL frozen: {answer.Status} {answer.Body}");
                Assert.True(answer.Took < Bound, $"with PostgreSQL frozen the answer took {answer.Took}");
            }
        }
        finally
        {
            foreach (var pid in frozen) OutageFixture.Signal(pid, "CONT");
        }
        var thawed = await Send("GET", "/api/agencies");
        Assert.True(thawed.Status == 200, $"after the freeze: {thawed.Status} {thawed.Body}");
        Assert.Contains("chi-lang", thawed.Body);
    }
}
