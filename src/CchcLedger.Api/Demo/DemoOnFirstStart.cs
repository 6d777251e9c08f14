using CchcLedger.Api.Hosting;
using Marten;

namespace CchcLedger.Api.Demo;

/// <summary>
/// Loads the Lạng Sơn 2017 demo when the ledger starts, unless <c>Demo:LoadOnStart</c> is false. Idempotent. A load
/// that wrote anything is followed by a signed checkpoint, so the demo's scorecards have proofs from the start.
/// </summary>
public sealed class DemoOnFirstStart(IDocumentStore store, IConfiguration configuration, CheckpointSigner signer, ILogger<DemoOnFirstStart> log)
    : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        if (!configuration.GetValue("Demo:LoadOnStart", false)) return;
        var report = await DemoLoader.LoadAsync(store, DemoData.Read(DemoData.DefaultPath()), ct);
        log.LogInformation("Lạng Sơn 2017 demo: {Report}", report);
        if (report.AgenciesRegistered + report.CriteriaSetsAdopted + report.ScorecardsLoaded > 0) await signer.CheckpointAsync(store, ct);
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
