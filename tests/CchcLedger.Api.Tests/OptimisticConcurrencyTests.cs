namespace CchcLedger.Api.Tests;

/// <summary>Two appraisers on one leaf, one after the other: the second, who read an older version, is told so instead of overwriting.</summary>
public sealed class OptimisticConcurrencyTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    private const string Card = "/api/years/2017/scorecards/huu-lung";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await TwoDistrictsSelfAssessed();
    }

    private async Task<string> ETagOf(string url)
    {
        var response = await GetResponse(url);
        Assert.True(response.Headers.ETag is not null, $"{url} carries no ETag");
        return response.Headers.ETag!.Tag;
    }

    [Fact]
    public async Task a_write_on_a_stale_version_is_refused_with_412_and_writes_nothing()
    {
        var seen = await ETagOf(Card);
        // The first appraiser writes on the version both read.
        var (first, _, firstResponse) = await PostWith($"{Card}/appraisals", new { criterion = "1.1", points = 15, note = "Thiếu kế hoạch" }, ("If-Match", seen));
        Assert.Equal(200, first);
        Assert.NotEqual(seen, firstResponse.Headers.ETag!.Tag);
        Assert.Equal(firstResponse.Headers.ETag!.Tag, await ETagOf(Card));

        // The second one read the same version: refused, nothing written, the first value stands.
        var before = await EventCount();
        var (second, problem, _) = await PostWith($"{Card}/appraisals", new { criterion = "1.1", points = 18, note = "Đủ" }, ("If-Match", seen));
        Assert.Equal(412, second);
        AssertProblemNames(problem, "If-Match");
        Assert.Equal(before, await EventCount());
        var leaf = (await Get(Card))["areas"]![0]!["children"]!.AsArray().First(n => n!["code"]!.GetValue<string>() == "1.1")!;
        Assert.Equal(15m, Dec(leaf["appraised"]));
    }

    [Fact]
    public async Task without_if_match_the_last_writer_still_wins_as_before()
    {
        await Post($"{Card}/appraisals", new { criterion = "1.1", points = 15, note = "a" });
        await Post($"{Card}/appraisals", new { criterion = "1.1", points = 16, note = "b" });
        var leaf = (await Get(Card))["areas"]![0]!["children"]!.AsArray().First(n => n!["code"]!.GetValue<string>() == "1.1")!;
        Assert.Equal(16m, Dec(leaf["appraised"]));
    }

    [Fact]
    public async Task criteria_sets_carry_their_stream_version_and_refuse_a_stale_amendment()
    {
        const string set = "/api/criteria-sets/2017-districts";
        var seen = await ETagOf(set);
        Assert.Equal("\"2\"", seen); // drafted, adopted
        var amendment = new { reason = "Điều chỉnh", decisionRef = "QĐ 12", changes = new[] { new { kind = "changeMax", criterion = "1.4", max = 4 } } };
        var (ok, _, response) = await PostWith($"{set}/amendments", amendment, ("If-Match", seen));
        Assert.Equal(200, ok);
        Assert.Equal("\"3\"", response.Headers.ETag!.Tag);
        var before = await EventCount();
        var (stale, problem, _) = await PostWith($"{set}/amendments", amendment, ("If-Match", seen));
        Assert.Equal(412, stale);
        AssertProblemNames(problem, "If-Match");
        Assert.Equal(before, await EventCount());
    }

    [Theory]
    [InlineData("12")]
    [InlineData("W/\"3\"")]
    [InlineData("\"abc\"")]
    public async Task an_if_match_that_is_not_one_of_ours_is_a_400_naming_it(string header)
    {
        var before = await EventCount();
        var (status, problem, _) = await PostWith($"{Card}/appraisals", new { criterion = "1.1", points = 15, note = "x" }, ("If-Match", header));
        Assert.Equal(400, status);
        AssertProblemNames(problem, "If-Match");
        Assert.Equal(before, await EventCount());
    }
}
