namespace CchcLedger.Api.Tests;

public sealed class RankingTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await SmallSetAdopted();
        await AgencyRegistered("huu-lung", "UBND huyện Hữu Lũng");
        await AgencyRegistered("bac-son", "UBND huyện Bắc Sơn");
        await AgencyRegistered("cao-loc", "UBND huyện Cao Lộc");
        await AgencyRegistered("van-quan", "UBND huyện Văn Quan");
    }

    private async Task Surveyed(string agency, decimal points) =>
        await Post($"/api/years/2017/scorecards/{agency}/survey-scores", new { criterion = "2.1", points });

    [Fact]
    public async Task a_block_ranks_by_total_with_shared_ranks_for_ties_and_counts_per_class()
    {
        await SelfAssessed("bac-son", scale: 20, numerator: 10, reports: 4);   // 60
        await Surveyed("bac-son", 35);                                          // 95
        await SelfAssessed("cao-loc", scale: 18, numerator: 8, reports: 4);    // 18 + 16 + 20 = 54
        await Surveyed("cao-loc", 30);                                          // 84
        await SelfAssessed("van-quan", scale: 20, numerator: 7, reports: 4);   // 20 + 14 + 20 = 54
        await Surveyed("van-quan", 30);                                         // 84
        await SelfAssessed("huu-lung", scale: 15, numerator: 8, reports: 3);   // 15 + 16 + 10 = 41
        await Surveyed("huu-lung", 36.9m);                                      // 77.9

        var ranking = await Get("/api/years/2017/rankings/districts");
        var entries = ranking["entries"]!.AsArray().Select(e => (e!["agency"]!.GetValue<string>(), e["rank"]!.GetValue<int>(), Dec(e["total"]), e["classification"]!.GetValue<string>())).ToList();
        Assert.Equal([("bac-son", 1, 95m, "Tốt"), ("cao-loc", 2, 84m, "Tốt"), ("van-quan", 2, 84m, "Tốt"), ("huu-lung", 4, 77.9m, "Khá")], entries);
        Assert.Equal(("2017-districts", 1), (ranking["criteriaSet"]!["id"]!.GetValue<string>(), ranking["criteriaSet"]!["version"]!.GetValue<int>()));
        Assert.Equal("UBND huyện Hữu Lũng", ranking["entries"]![3]!["name"]!.GetValue<string>());

        var year = await Get("/api/years/2017/rankings");
        Assert.Equal(4, year["agencies"]!.GetValue<int>());
        var classes = year["classes"]!.AsArray().ToDictionary(c => c!["classification"]!.GetValue<string>(), c => c!["count"]!.GetValue<int>());
        Assert.Equal((3, 1, 0, 0), (classes["Tốt"], classes["Khá"], classes["Trung bình"], classes["Yếu"]));
    }

    [Fact]
    public async Task an_unknown_block_or_a_year_without_a_set_is_a_404_problem()
    {
        var unknown = await Get("/api/years/2017/rankings/provinces", 404);
        Assert.True(unknown["errors"]!.AsObject().ContainsKey("block"));
        var noSet = await Get("/api/years/2016/rankings/districts", 404);
        Assert.True(noSet["errors"]!.AsObject().ContainsKey("year"));
        await Get("/api/years/2016/rankings", 404);
    }
}
