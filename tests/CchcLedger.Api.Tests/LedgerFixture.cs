using Alba;
using JasperFx.CommandLine;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace CchcLedger.Api.Tests;

/// <summary>One API host for the whole integration suite, on the test cluster; data is reset between tests.</summary>
public sealed class LedgerFixture : IAsyncLifetime
{
    public IAlbaHost Host { get; private set; } = null!;
    public IDocumentStore Store => Host.Services.GetRequiredService<IDocumentStore>();

    public async Task InitializeAsync()
    {
        var connectionString = await TestDatabase.ConnectionStringAsync();
        JasperFxEnvironment.AutoStartHost = true;
        Host = await AlbaHost.For<Program>(b =>
        {
            b.UseSetting("ConnectionStrings:Ledger", connectionString);
            b.UseSetting("Demo:LoadOnStart", "false");
        });
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await TestDatabase.StopAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class LedgerCollection : ICollectionFixture<LedgerFixture>
{
    public const string Name = "ledger";
}
