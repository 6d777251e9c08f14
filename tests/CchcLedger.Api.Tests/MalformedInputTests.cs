using System.Text;

namespace CchcLedger.Api.Tests;

public sealed class MalformedInputTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    private const string SelfScores = "/api/years/2017/scorecards/huu-lung/self-scores";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await SmallSetAdopted();
        await AgencyRegistered("huu-lung", "UBND huyện Hữu Lũng");
    }

    [Fact]
    public async Task malformed_json_is_a_400_naming_the_body_and_writes_nothing()
    {
        var before = await EventCount();
        var (status, problem) = await PostRaw(SelfScores, "{\"criterion\": \"1.1\", \"points\": ");
        Assert.Equal(400, status);
        AssertProblemNames(problem, "body");
        Assert.Equal(before, await EventCount());
    }

    [Fact]
    public async Task a_string_where_a_number_belongs_is_a_400_naming_the_field()
    {
        var before = await EventCount();
        var (status, problem) = await PostRaw(SelfScores, "{\"criterion\": \"1.1\", \"points\": \"mười\", \"explanation\": \"x\"}");
        Assert.Equal(400, status);
        AssertProblemNames(problem, "points");
        Assert.Equal(before, await EventCount());
    }

    [Theory]
    [InlineData("NaN", "body")]          // not JSON at all
    [InlineData("Infinity", "body")]
    [InlineData("\"NaN\"", "points")]   // JSON, but not a number
    [InlineData("1e400", "points")]      // a number no decimal holds
    [InlineData("true", "points")]
    public async Task not_a_number_is_a_400_naming_where_it_is(string points, string field)
    {
        var before = await EventCount();
        var (status, problem) = await PostRaw(SelfScores, $"{{\"criterion\": \"1.1\", \"points\": {points}, \"explanation\": \"x\"}}");
        Assert.Equal(400, status);
        AssertProblemNames(problem, field);
        Assert.Equal(before, await EventCount());
    }

    [Fact]
    public async Task text_that_is_not_valid_utf8_is_a_400_and_writes_nothing()
    {
        var before = await EventCount();
        var prefix = Encoding.UTF8.GetBytes("{\"criterion\": \"1.1\", \"points\": 1, \"explanation\": \"");
        byte[] invalid = [0xC3, 0x28, 0xFF];
        var suffix = Encoding.UTF8.GetBytes("\"}");
        var (status, problem) = await PostRaw(SelfScores, [.. prefix, .. invalid, .. suffix]);
        Assert.Equal(400, status);
        AssertProblemNames(problem, "body");
        Assert.Equal(before, await EventCount());
    }

    [Fact]
    public async Task a_body_over_one_mebibyte_is_a_413_and_writes_nothing()
    {
        var before = await EventCount();
        var huge = "{\"criterion\": \"1.1\", \"points\": 1, \"explanation\": \"" + new string('a', 1024 * 1024) + "\"}";
        var (status, problem) = await PostRaw(SelfScores, huge);
        Assert.Equal(413, status);
        AssertProblemNames(problem, "body");
        Assert.Equal(before, await EventCount());
    }

    [Fact]
    public async Task an_empty_or_over_long_string_is_a_400_naming_the_field()
    {
        var before = await EventCount();
        await Refused(() => Post(SelfScores, new { criterion = "1.1", points = 1, explanation = "   " }, 400), "explanation", before);
        await Refused(() => Post(SelfScores, new { criterion = "1.1", points = 1, explanation = new string('x', 4001) }, 400), "explanation", before);
        await Refused(() => Post(SelfScores, new { criterion = "", points = 1, explanation = "x" }, 400), "criterion", before);
        await Refused(() => Post("/api/agencies", new { code = "van-quan", name = new string('Ă', 201), block = "districts" }, 400), "name", before);
    }

    [Fact]
    public async Task an_unparseable_route_value_is_a_404_problem_not_a_500()
    {
        var problem = await Get("/api/years/hai-nghin/rankings/districts", 404);
        Assert.Equal(404, problem["status"]!.GetValue<int>());
    }
}
