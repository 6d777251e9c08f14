using CchcLedger.Api.Hosting;
using Marten;

namespace CchcLedger.Api.Demo;

/// <summary>
/// Loads the Lạng Sơn demo when the ledger starts if <c>Demo:LoadOnStart</c> is true (appsettings.Development.json: so
/// `dotnet run` shows it); Production refuses to start with it. On an empty ledger the demo
/// is told on its own calendar, through to the publication of its results (<see cref="DemoStory"/>): recorded now, each
/// step taking effect at the date of the story; on any other it is loaded idempotently at the present time, as before. A load that wrote anything is followed by a signed
/// checkpoint (at the real time), so the demo's scorecards have proofs from the start.
/// </summary>
public sealed class DemoOnFirstStart(IDocumentStore store, LedgerDatabase database, IConfiguration configuration, CheckpointSigner signer,
    EventMacKey macKey, IHostEnvironment environment, Accounts.AccountPasswords passwords, TimeProvider clock, ILogger<DemoOnFirstStart> log) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        if (!configuration.GetValue("Demo:LoadOnStart", false)) return;
        // The demo's agencies, scores and publications are invented, and a ledger keeps what it is given for ever.
        if (environment.IsProduction())
            throw new InvalidOperationException("Demo:LoadOnStart is true in Production: the Lạng Sơn demo is invented data and would stay in this ledger for ever. " +
                                                "Set Demo__LoadOnStart=false (the demo loads by default only in Development, appsettings.Development.json).");
        var years = DemoStory.Years();
        var reports = await DemoStory.TellAsync(database.ConnectionString, years, macKey.Key, ct);
        if (reports is not null)
            log.LogInformation("Lạng Sơn demo told on its own calendar ({Years}): {Reports}", string.Join(", ", years.Select(y => y.Year)), string.Join("; ", reports));
        else
        {
            var loaded = new List<DemoReport>();
            foreach (var year in years) loaded.Add(await DemoLoader.LoadAsync(store, year, ct));
            log.LogInformation("Lạng Sơn demo: {Reports}", string.Join("; ", loaded));
            reports = loaded;
        }
        // One account per role, with the password the README gives: in Development only (Production refuses them).
        var accounts = DemoAccounts.Requested(configuration, environment) ? await DemoAccounts.EnsureAsync(store, passwords, clock, ct) : 0;
        if (accounts > 0) log.LogInformation("Demo accounts: {Count} created, password {Password} (README, 'Accounts')", accounts, DemoAccounts.Password);
        if (accounts > 0 || reports.Any(r => r.AgenciesRegistered + r.CriteriaSetsAdopted + r.ScorecardsLoaded > 0)) await signer.CheckpointAsync(store, ct);
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
