using System.Text.Json.Serialization;
using CchcLedger.Api.Demo;
using CchcLedger.Api.Hosting;
using CchcLedger.Api.Web;
using CchcLedger.Projections;
using Marten;
using Wolverine;
using Wolverine.Http;
using Wolverine.Http.Marten;
using Wolverine.Marten;

var builder = WebApplication.CreateBuilder(args);
// ASP.NET Core's own conventions decide where the ledger listens (ASPNETCORE_URLS, --urls, Urls, ASPNETCORE_HTTP_PORTS,
// Kestrel:Endpoints); only when none of them is given does it listen on the loopback address the README shows.
if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["http_ports"])
    && string.IsNullOrEmpty(builder.Configuration["https_ports"]) && !builder.Configuration.GetSection("Kestrel:Endpoints").Exists())
    builder.WebHost.UseUrls("http://127.0.0.1:5080");

builder.Services.AddSingleton(TimeProvider.System);
// Streams folded by a publication, so that publishing a block again reads only the events since (see PublicationSources).
builder.Services.AddSingleton(new CchcLedger.Projections.StreamFolds());
builder.Services.AddSingleton(sp => LedgerDatabase.Start(sp.GetRequiredService<IConfiguration>(), sp.GetRequiredService<ILogger<LedgerDatabase>>()));

// The schema is brought up to date by its owner before anything else starts (LedgerSchemaOnStart); the application
// itself runs as a role that can append events but never change or delete them, and never alters the schema.
builder.Services.AddHostedService<LedgerSchemaOnStart>();
// Marten reads the connection string from the built container, so a test host's configuration reaches it.
builder.Services.AddMarten(sp =>
    {
        var options = new StoreOptions();
        var database = sp.GetRequiredService<LedgerDatabase>();
        LedgerStore.Configure(options, database.ConnectionString, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<EventMacKey>().Key);
        options.AutoCreateSchemaObjects = JasperFx.AutoCreate.None;
        return options;
    })
    .UseLightweightSessions()
    .IntegrateWithWolverine();

builder.Host.UseWolverine(opts =>
{
    // Explicit, so that a host started from another program (the benchmark) still finds the endpoints here.
    opts.ApplicationAssembly = typeof(Program).Assembly;
    opts.Durability.Mode = DurabilityMode.MediatorOnly;
});
builder.Services.AddWolverineHttp();
builder.Services.ConfigureHttpJsonOptions(o =>
{
    o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.CamelCase));
    o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
    o.SerializerOptions.Converters.Add(new ExactDecimals());
});
// Scripts authenticate with a bearer token signed with the ledger's key, people with an account (a session cookie);
// AccessControl decides what either may touch.
var auth = AuthSettings.From(builder.Configuration, builder.Environment.IsProduction());
builder.Services.AddSingleton(auth);
builder.Services.AddLedgerAuthentication(builder.Configuration, auth);
builder.Services.AddRateLimiter(o => RateLimits.Configure(o, builder.Configuration));
// Traces, metrics and logs over OTLP when configured (docs/operations.md, "Telemetry").
builder.AddLedgerTelemetry();
builder.Services.AddProblemDetails();
builder.Services.AddOpenApi(ApiContract.Configure);
builder.Services.AddSingleton(sp => EventMacKey.From(sp.GetRequiredService<IConfiguration>(), sp.GetRequiredService<ILogger<EventMacKey>>(), builder.Environment.IsProduction()));
builder.Services.AddLedgerPages();
builder.Services.AddSingleton(sp => CheckpointSigner.From(sp.GetRequiredService<IConfiguration>(), sp.GetRequiredService<ILogger<CheckpointSigner>>(), builder.Environment.IsProduction()));
// Production refuses the demo's accounts (their passwords are published); before the demo, which creates them in Development.
builder.Services.AddHostedService<CchcLedger.Api.Accounts.AccountsOnStart>();
builder.Services.AddHostedService<DemoOnFirstStart>();
builder.Services.AddHostedService<CheckpointEveryInterval>();
builder.Services.AddHostedService<IdempotencyRetention>();
// Evidence files: where their bytes live (Evidence:Store), the uploads beside the ledger, and checked downloads.
builder.Services.AddSingleton(sp => CchcLedger.Api.Evidence.EvidenceSettings.From(sp.GetRequiredService<IConfiguration>()));
builder.Services.AddSingleton(sp => CchcLedger.Api.Evidence.EvidenceStores.Create(sp.GetRequiredService<CchcLedger.Api.Evidence.EvidenceSettings>(),
    sp.GetRequiredService<LedgerDatabase>().ConnectionString));
builder.Services.AddSingleton(sp => new CchcLedger.Api.Evidence.EvidenceCatalog(sp.GetRequiredService<LedgerDatabase>().ConnectionString));
builder.Services.AddSingleton<CchcLedger.Api.Evidence.EvidenceDownload>();

var app = builder.Build();
// A wrong Evidence:… setting stops the start, not the first upload.
app.Services.GetRequiredService<CchcLedger.Api.Evidence.EvidenceSettings>();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseLedgerErrorPages();
app.UseLedgerStaticFiles();
app.UseMiddleware<DatabaseOutages>();
app.UseRouting();
app.UseAuthentication();
app.UseRateLimiter();
app.UseMiddleware<AccessControl>();
app.UseMiddleware<RequestGuards>();
app.UseMiddleware<Idempotency>();
app.MapOpenApi();
app.MapWolverineEndpoints(opts =>
{
    opts.RejectUnparseableQueryValues = true;
    opts.MapMartenConcurrencyFailuresToConflict();
});
app.MapLedgerPages();

await app.RunAsync();
