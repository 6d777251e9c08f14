namespace CchcLedger.Api.Tests;

/// <summary>A host of its own whose witness file cannot be written (its folder is a file).</summary>
public sealed class UnwritableWitnessFixture : LedgerFixture
{
    public static readonly string Blocker = Path.Combine(Path.GetTempPath(), $"cchc-witness-blocker-{Guid.NewGuid():N}");

    protected override string? DatabaseName => "cchc_unwritable_witness";

    protected override void ConfigureHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        File.WriteAllText(Blocker, "not a folder");
        builder.UseSetting("Integrity:WitnessFile", Path.Combine(Blocker, "checkpoints.jsonl"));
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        File.Delete(Blocker);
    }
}

public sealed class CheckpointFailureTests(UnwritableWitnessFixture fixture) : LedgerTest(fixture), IClassFixture<UnwritableWitnessFixture>
{
    [Fact]
    public async Task a_publication_whose_checkpoint_fails_is_answered_as_recorded_not_as_an_error()
    {
        await TwoDistrictsSelfAssessed();
        var published = await Post("/api/years/2017/rankings/districts/publications", new { decisionRef = "QĐ 345/QĐ-UBND" }, 201);
        Assert.Equal(1, published["number"]!.GetValue<int>());
        var listed = await Get("/api/years/2017/rankings/districts/publications");
        Assert.Equal(published["digest"]!.GetValue<string>(), listed[0]!["digest"]!.GetValue<string>());
        Assert.False(File.Exists(Path.Combine(UnwritableWitnessFixture.Blocker, "checkpoints.jsonl")));
    }
}
