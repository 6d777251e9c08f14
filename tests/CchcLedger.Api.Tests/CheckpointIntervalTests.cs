namespace CchcLedger.Api.Tests;

/// <summary>A host of its own whose checkpoint interval is a fraction of a second, so that the interval can be seen at work.</summary>
public sealed class FrequentCheckpointsFixture : LedgerFixture
{
    protected override string? DatabaseName => "cchc_checkpoints";

    protected override void ConfigureHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder) =>
        builder.UseSetting("Integrity:CheckpointMinutes", "0.005");   // 0.3 s
}

public sealed class CheckpointIntervalTests(FrequentCheckpointsFixture fixture) : LedgerTest(fixture), IClassFixture<FrequentCheckpointsFixture>
{
    private async Task<int> Checkpoints()
    {
        await using var session = Store.QuerySession();
        return await Marten.QueryableExtensions.CountAsync(session.Events.QueryAllRawEvents().Where(e => e.StreamKey == Projections.EventSeals.CheckpointStream));
    }

    private async Task<bool> Eventually(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 100; i++)
        {
            if (await condition()) return true;
            await Task.Delay(100);
        }
        return false;
    }

    [Fact]
    public async Task new_events_are_checkpointed_at_the_interval_and_a_quiet_ledger_is_not()
    {
        // The blocks every test starts with are checkpointed first; then an append is checkpointed in its turn.
        Assert.True(await Eventually(async () => await Checkpoints() >= 1), "no checkpoint within 10 s of the blocks' definitions");
        var before = await Checkpoints();
        await AgencyRegistered("huu-lung", "UBND huyện Hữu Lũng");
        Assert.True(await Eventually(async () => await Checkpoints() > before), "no checkpoint within 10 s of an append");

        var report = await Get("/api/integrity/verification");
        Assert.True(report["ok"]!.GetValue<bool>() && report["checkpointsChecked"]!.GetValue<int>() >= 2, report.ToJsonString());   // the ledger's and the witness file's

        var settled = await Checkpoints();
        await Task.Delay(1500);   // five intervals with nothing appended but the checkpoint itself
        Assert.Equal(settled, await Checkpoints());
    }
}
