using CchcLedger.Projections;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace CchcLedger.Api.Hosting;

/// <summary>
/// OpenTelemetry traces, metrics and logs (docs/operations.md, "Telemetry"). On when <c>Telemetry:Enabled</c> is true or
/// an OTLP endpoint is configured (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c>, the standard variable, or
/// <c>Telemetry:OtlpEndpoint</c>, with <c>Telemetry:OtlpProtocol</c> <c>grpc</c> (default) or <c>http/protobuf</c>); off otherwise, and then nothing listens and nothing is recorded. What is collected:
/// ASP.NET Core's requests (not the health probes), outgoing HTTP (the S3 evidence store), Npgsql's commands (their SQL,
/// never their parameters), the ledger's own source and meter (<see cref="LedgerTelemetry"/>: commits and the clock,
/// events by type, checkpoints, verifications, idempotent replays) and the .NET runtime's metrics. Every request's span
/// carries the acting role (<c>cchc.actor.role</c>), never a name or a token. <c>Telemetry:SampleRatio</c> (default 1)
/// keeps that share of traces (whole traces, decided at their root).
/// </summary>
public static class Telemetry
{
    public const string ServiceName = "cchc-ledger";

    public static bool Enabled(IConfiguration configuration) =>
        configuration.GetValue("Telemetry:Enabled", false) || OtlpEndpoint(configuration) is not null;

    private static string? OtlpEndpoint(IConfiguration configuration) =>
        configuration["Telemetry:OtlpEndpoint"] is { Length: > 0 } configured ? configured
        : configuration["OTEL_EXPORTER_OTLP_ENDPOINT"] is { Length: > 0 } standard ? standard : null;

    public static void AddLedgerTelemetry(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        if (!Enabled(configuration)) return;
        var endpoint = OtlpEndpoint(configuration);
        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(ServiceName, serviceVersion: typeof(Telemetry).Assembly.GetName().Version?.ToString())
                .AddAttributes([new("deployment.environment.name", builder.Environment.EnvironmentName)]))
            .WithTracing(t => t
                .SetSampler(new ParentBasedSampler(new TraceIdRatioBasedSampler(configuration.GetValue("Telemetry:SampleRatio", 1.0))))
                .AddAspNetCoreInstrumentation(o =>
                {
                    o.Filter = http => !http.Request.Path.StartsWithSegments("/health");
                    o.EnrichWithHttpResponse = (activity, response) =>
                    {
                        if (AuthSettings.ActorOf(response.HttpContext.User) is { } actor) activity.SetTag("cchc.actor.role", actor.Role);
                    };
                })
                .AddHttpClientInstrumentation()
                .AddNpgsql()
                .AddSource(LedgerTelemetry.Name))
            .WithMetrics(m => m
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter("Npgsql", LedgerTelemetry.Name));
        builder.Logging.AddOpenTelemetry(o =>
        {
            o.IncludeFormattedMessage = true;
            o.IncludeScopes = true;
        });
        if (endpoint is not null)
        {
            // UseOtlpExporter reads OTEL_EXPORTER_OTLP_ENDPOINT (and _PROTOCOL, _HEADERS) itself; Telemetry:OtlpEndpoint is the same, from configuration.
            if (configuration["Telemetry:OtlpEndpoint"] is not { Length: > 0 }) otel.UseOtlpExporter();
            else otel.UseOtlpExporter(configuration["Telemetry:OtlpProtocol"] is "http/protobuf"
                ? OpenTelemetry.Exporter.OtlpExportProtocol.HttpProtobuf : OpenTelemetry.Exporter.OtlpExportProtocol.Grpc, new Uri(endpoint));
        }
    }
}
