using Marten;

namespace CchcLedger.Api.Demo;

/// <summary>Loads the Lạng Sơn 2017 demo when the ledger starts, unless <c>Demo:LoadOnStart</c> is false. Idempotent.</summary>
public sealed class DemoOnFirstStart(IDocumentStore store, IConfiguration configuration, ILogger<DemoOnFirstStart> log) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        if (!configuration.GetValue("Demo:LoadOnStart", false)) return;
        var report = await DemoLoader.LoadAsync(store, DemoData.Read(DemoData.DefaultPath()), ct);
        log.LogInformation("Lạng Sơn 2017 demo: {Report}", report);
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
