using Alba;
using JasperFx.CommandLine;
using Marten;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace CchcLedger.Api.Tests;

/// <summary>One API host for the whole integration suite, on the test cluster; data is reset between tests.</summary>
public class LedgerFixture : IAsyncLifetime
{
    public IAlbaHost Host { get; private set; } = null!;
    /// <summary>The host's store: it connects as the append-only application role.</summary>
    public IDocumentStore Store => Host.Services.GetRequiredService<IDocumentStore>();

    /// <summary>The same database as the role that owns it, for what only a test does: wiping the ledger between tests.</summary>
    public IDocumentStore OwnerStore { get; private set; } = null!;

    /// <summary>The ledger's clock: real time, moved forward by tests that need days to pass.</summary>
    public ShiftedClock Clock { get; } = new();

    /// <summary>Null: the test cluster's main database; otherwise a database of this fixture's own.</summary>
    protected virtual string? DatabaseName => null;

    public virtual async Task InitializeAsync()
    {
        var connectionString = DatabaseName is { } name ? await TestDatabase.FreshDatabaseAsync(name) : await TestDatabase.ConnectionStringAsync();
        // The checkpoint key and this ledger's witness file live outside the repository; the main ledger's are also
        // what the cchc commands run by the tests read (from the environment, as in real use).
        var integrity = Path.Combine(Path.GetTempPath(), $"cchc-integrity-{Environment.ProcessId}");
        var witness = Path.Combine(integrity, $"{DatabaseName ?? "main"}-checkpoints.jsonl");
        if (DatabaseName is null)
        {
            Environment.SetEnvironmentVariable("Integrity__CheckpointKeyFile", Path.Combine(integrity, "checkpoint-key.pem"));
            Environment.SetEnvironmentVariable("Integrity__WitnessFile", witness);
            Environment.SetEnvironmentVariable("Integrity__EventMacKeyFile", Path.Combine(integrity, "event-mac.key"));
        }
        JasperFxEnvironment.AutoStartHost = true;
        Host = await AlbaHost.For<Program>(b =>
        {
            b.UseSetting("ConnectionStrings:LedgerOwner", connectionString);
            b.UseSetting("ConnectionStrings:Ledger", Projections.AppendOnly.AppConnection(connectionString));
            b.UseSetting("Demo:LoadOnStart", "false");
            b.UseSetting("Auth:SigningKey", TestTokens.Key);
            b.UseSetting("RateLimits:AuthenticatedPerMinute", "1000000");
            b.UseSetting("RateLimits:AnonymousPerMinute", "1000000");
            b.UseSetting("Integrity:CheckpointKeyFile", Path.Combine(integrity, "checkpoint-key.pem"));
            b.UseSetting("Integrity:WitnessFile", witness);
            b.UseSetting("Integrity:EventMacKeyFile", Path.Combine(integrity, "event-mac.key"));
            ConfigureHost(b);
            b.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
        });
        OwnerStore = DocumentStore.For(opts => Projections.LedgerStore.Configure(opts, connectionString, Clock));
    }

    protected virtual void ConfigureHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder) { }

    /// <summary>The main fixture also stops the test cluster; fixtures with a database of their own leave it running.</summary>
    public virtual async Task DisposeAsync()
    {
        OwnerStore.Dispose();
        await Host.DisposeAsync();
        if (DatabaseName is null) await TestDatabase.StopAsync();
    }
}

/// <summary>Real time plus an offset that tests move forward; it never runs backwards, as recorded instants must not.</summary>
public sealed class ShiftedClock : TimeProvider
{
    private TimeSpan _offset;

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + _offset;

    public void Advance(TimeSpan by) => _offset += by;
}

[CollectionDefinition(Name)]
public sealed class LedgerCollection : ICollectionFixture<LedgerFixture>
{
    public const string Name = "ledger";
}

/// <summary>
/// A host of their own for tests that move the clock by days (appeal windows), on a database of its own, so that
/// the other tests keep real time. A class fixture inside the one collection: the cluster outlives it.
/// </summary>
public sealed class AppealFixture : LedgerFixture
{
    protected override string? DatabaseName => "cchc_appeals";
}
