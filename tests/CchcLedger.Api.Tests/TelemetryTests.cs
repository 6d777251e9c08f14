using System.Diagnostics;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace CchcLedger.Api.Tests;

/// <summary>A host of its own with telemetry on, exporting to memory instead of an OTLP collector.</summary>
public sealed class TelemetryFixture : LedgerFixture
{
    public List<Activity> Spans { get; } = [];
    public List<Metric> Metrics { get; } = [];

    protected override string? DatabaseName => "cchc_telemetry";

    protected override void ConfigureHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        builder.UseSetting("Telemetry:Enabled", "true");
        builder.ConfigureTestServices(services => services
            .ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(Spans))
            .ConfigureOpenTelemetryMeterProvider(m => m.AddInMemoryExporter(Metrics)));
    }

    /// <summary>Everything recorded so far, exported now.</summary>
    public void Flush()
    {
        Host.Services.GetRequiredService<TracerProvider>().ForceFlush();
        Host.Services.GetRequiredService<MeterProvider>().ForceFlush();
    }
}

public sealed class TelemetryTests(TelemetryFixture fixture) : LedgerTest(fixture), IClassFixture<TelemetryFixture>
{
    private const string Adjustments = "/api/years/2017/scorecards/huu-lung/adjustments";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await TwoDistrictsSelfAssessed();
    }

    [Fact]
    public async Task a_write_is_traced_from_its_request_through_its_commit_to_the_clocks_tick()
    {
        fixture.Flush();
        fixture.Spans.Clear();
        await Post(Adjustments, new { criterion = "1.1", points = 10, reason = "Bổ sung tài liệu", decisionRef = "VB 215/SNV-CCHC" });
        await Get("/health/ready");
        fixture.Flush();

        var request = Assert.Single(fixture.Spans, s => s.Kind == ActivityKind.Server && s.DisplayName.StartsWith("POST", StringComparison.Ordinal));
        Assert.Equal("appraiser", request.GetTagItem("cchc.actor.role"));
        var commit = Assert.Single(fixture.Spans, s => s.OperationName == "cchc.commit" && s.TraceId == request.TraceId);
        Assert.Equal(1, commit.GetTagItem("cchc.events"));
        Assert.Equal("scorecard-2017-huu-lung", commit.GetTagItem("cchc.streams"));
        Assert.True(commit.StartTimeUtc >= request.StartTimeUtc && commit.StartTimeUtc + commit.Duration <= request.StartTimeUtc + request.Duration + TimeSpan.FromMilliseconds(1),
            $"the commit ({commit.StartTimeUtc:O}, {commit.Duration}) lies inside its request ({request.StartTimeUtc:O}, {request.Duration})");
        // The database's side of the same request, down to the clock's tick; statements only, never their parameters.
        var database = fixture.Spans.Where(s => s.Source.Name == "Npgsql" && s.TraceId == request.TraceId).ToList();
        Assert.Contains(database, s => (s.GetTagItem("db.query.text") ?? s.GetTagItem("db.statement"))?.ToString()?.Contains("ledger_tick()") == true);
        Assert.DoesNotContain(database, s => s.TagObjects.Any(t => t.Value?.ToString()?.Contains("VB 215/SNV-CCHC") == true));
        // Health probes are not traced.
        Assert.DoesNotContain(fixture.Spans, s => s.Kind == ActivityKind.Server
            && (s.GetTagItem("url.path")?.ToString()?.StartsWith("/health") == true || s.DisplayName.Contains("/health", StringComparison.Ordinal)));
        Assert.Contains(fixture.Spans, s => s.Kind == ActivityKind.Server && s.GetTagItem("url.path")?.ToString() == Adjustments);
    }

    [Fact]
    public async Task commits_report_the_clock_and_their_events_by_type()
    {
        fixture.Flush();
        fixture.Metrics.Clear();
        await Post(Adjustments, new { criterion = "1.1", points = 10, reason = "Bổ sung tài liệu", decisionRef = "VB 216/SNV-CCHC" });
        await Post(Adjustments, new { criterion = "1.1", points = 11, reason = "Bổ sung tài liệu", decisionRef = "VB 217/SNV-CCHC" });
        fixture.Flush();

        long Sum(string name, string? eventType = null) => fixture.Metrics.Where(m => m.Name == name).Sum(m =>
        {
            long total = 0;
            foreach (ref readonly var point in m.GetMetricPoints())
            {
                var type = default(object);
                foreach (var tag in point.Tags) if (tag.Key == "event.type") type = tag.Value;
                if (eventType is not null && !Equals(type, eventType)) continue;
                total += m.MetricType == MetricType.Histogram ? point.GetHistogramCount() : point.GetSumLong();
            }
            return total;
        });
        Assert.True(Sum("cchc.events.appended", "points_adjusted") >= 2, "two adjustments counted");
        Assert.True(Sum("cchc.clock.held") >= 2, "the clock's hold recorded for each commit");
        Assert.True(Sum("cchc.clock.wait") >= 2, "the clock's wait recorded for each commit");
        Assert.Contains(fixture.Metrics, m => m.Name == "http.server.request.duration");
    }
}

/// <summary>
/// A host of its own exporting over OTLP/HTTP to a collector stand-in on a loopback port: a small HTTP server that keeps
/// what it is sent (the protocol's own requests, protobuf bodies), as a real collector would receive them.
/// </summary>
public sealed class OtlpFixture : LedgerFixture
{
    private Microsoft.AspNetCore.Builder.WebApplication _collector = null!;
    public System.Collections.Concurrent.ConcurrentQueue<(string Path, string? ContentType, byte[] Body)> Received { get; } = new();

    protected override string? DatabaseName => "cchc_otlp";

    public override async Task InitializeAsync()
    {
        _collector = Microsoft.AspNetCore.Builder.WebApplication.Create();
        _collector.Urls.Add("http://127.0.0.1:0");
        Microsoft.AspNetCore.Builder.EndpointRouteBuilderExtensions.MapPost(_collector, "/v1/{signal}", async (Microsoft.AspNetCore.Http.HttpContext http) =>
        {
            using var body = new MemoryStream();
            await http.Request.Body.CopyToAsync(body);
            Received.Enqueue((http.Request.Path, http.Request.ContentType, body.ToArray()));
            http.Response.ContentType = "application/x-protobuf";
        });
        await _collector.StartAsync();
        await base.InitializeAsync();
    }

    private string CollectorAddress => _collector.Urls.Single();

    protected override void ConfigureHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        builder.UseSetting("Telemetry:OtlpEndpoint", CollectorAddress);
        builder.UseSetting("Telemetry:OtlpProtocol", "http/protobuf");
    }

    public void Flush()
    {
        Host.Services.GetRequiredService<TracerProvider>().ForceFlush();
        Host.Services.GetRequiredService<MeterProvider>().ForceFlush();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _collector.StopAsync();
        await _collector.DisposeAsync();
    }
}

public sealed class OtlpExportTests(OtlpFixture fixture) : LedgerTest(fixture), IClassFixture<OtlpFixture>
{
    [Fact]
    public async Task with_an_otlp_endpoint_configured_a_write_reaches_the_collector_as_traces_and_metrics()
    {
        await AgencyRegistered("huu-lung", "UBND huyện Hữu Lũng");
        fixture.Flush();

        bool Holds(string path, string text) => fixture.Received.Any(r => r.Path == path && r.ContentType == "application/x-protobuf"
            && System.Text.Encoding.UTF8.GetString(r.Body).Contains(text, StringComparison.Ordinal));
        Assert.True(Holds("/v1/traces", "cchc.commit"), $"no trace with the commit; received: {string.Join(", ", fixture.Received.Select(r => r.Path))}");
        Assert.True(Holds("/v1/traces", "cchc-ledger"), "the service is named cchc-ledger");
        Assert.True(Holds("/v1/metrics", "cchc.events.appended"), "the ledger's metrics are exported");
    }
}

/// <summary>The suite's main host has no telemetry configured: then nothing is collected at all.</summary>
public sealed class TelemetryOffTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    [Fact]
    public void without_an_endpoint_or_telemetry_enabled_no_provider_listens()
    {
        Assert.Null(Host.Services.GetService<TracerProvider>());
        Assert.Null(Host.Services.GetService<MeterProvider>());
    }
}

