using CchcLedger.Api.Demo;
using Marten;

namespace CchcLedger.Api.Tests;

[Collection(LedgerCollection.Name)]
public sealed class DemoTests(LedgerFixture fixture) : IAsyncLifetime
{
    public Task InitializeAsync() => fixture.Store.Advanced.ResetAllData();
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task the_demo_loads()
    {
        var report = await DemoLoader.LoadAsync(fixture.Store, DemoData.Read(DemoData.DefaultPath()));
        Assert.Equal(31, report.ScorecardsLoaded);
    }
}
