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

    [Theory]
    [InlineData("/api/years/hai-nghin/rankings/districts", "year")]
    [InlineData("/api/years/99999999999/rankings/districts", "year")]
    [InlineData("/api/years/2017/rankings/districts/publications/mot", "n")]
    [InlineData("/api/years/2017/rankings/districts/publications/2147483648", "n")]
    [InlineData("/api/years/2017/rankings/districts?asOf=yesterday", "asOf")]
    [InlineData("/api/years/2017/rankings/districts?asOf=15/01/2018", "asOf")]
    [InlineData("/api/years/2017/scorecards/huu-lung/comparison?with=abc", "with")]
    [InlineData("/api/criteria-sets/2017-districts?version=2147483648", "version")]
    [InlineData("/api/criteria-sets/2017-districts/diff?from=x", "from")]
    [InlineData("/api/agencies?block=bogus", "block")]
    [InlineData("/api/years/2017/appeals?state=bogus", "state")]
    [InlineData("/api/years/2017/appeals?block=bogus", "block")]
    public async Task a_route_or_query_value_that_cannot_be_read_is_a_400_naming_it(string url, string parameter)
    {
        var problem = await Get(url, 400);
        AssertProblemNames(problem, parameter);
    }

    [Theory]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("12")]
    [InlineData("\"x\"")]
    [InlineData("")]
    public async Task a_body_that_is_not_a_json_object_is_a_400_naming_the_body(string body)
    {
        var before = await EventCount();
        var (status, problem) = await PostRaw(SelfScores, body);
        Assert.Equal(400, status);
        AssertProblemNames(problem, "body");
        Assert.Equal(before, await EventCount());
    }

    [Theory]
    [InlineData("{\"criterion\": \"1.1\", \"points\": 1, \"points\": 20, \"explanation\": \"x\"}", "points")]
    [InlineData("{\"criterion\": \"1.9\", \"criterion\": \"1.1\", \"points\": 1, \"explanation\": \"x\"}", "criterion")]
    [InlineData("{\"criterion\": \"1.1\", \"Points\": 1, \"points\": 20, \"explanation\": \"x\"}", "points")]
    [InlineData("{\"criterion\": \"1.1\", \"points\": 1, \"evidence\": [{\"title\": \"a\", \"title\": \"b\", \"documentRef\": \"c\"}]}", "evidence[0].title")]
    public async Task a_key_given_twice_is_a_400_naming_it_and_writes_nothing(string body, string field)
    {
        var before = await EventCount();
        var (status, problem) = await PostRaw(SelfScores, body);
        Assert.Equal(400, status);
        AssertProblemNames(problem, field);
        Assert.Equal(before, await EventCount());
    }

    [Theory]
    [InlineData("\u200B")]
    [InlineData("\u200B\u200C\u200D\u2060\uFEFF")]
    [InlineData(" \u00A0\u3000 ")]
    public async Task a_name_made_only_of_invisible_characters_is_empty(string name)
    {
        var before = await EventCount();
        var (status, problem) = await PostRaw("/api/agencies", $"{{\"code\": \"van-quan\", \"name\": \"{name}\", \"block\": \"districts\"}}");
        Assert.Equal(400, status);
        AssertProblemNames(problem, "name");
        Assert.Equal(before, await EventCount());
    }

    [Theory]
    [InlineData("1e-400", "decimals")]
    [InlineData("0.50000000000000000000000000001", "decimals")]
    [InlineData("1e28", "too large")]
    public async Task a_number_the_ledger_cannot_store_exactly_is_refused_not_rounded(string points, string reason)
    {
        var before = await EventCount();
        var (status, problem) = await PostRaw(SelfScores, $"{{\"criterion\": \"1.1\", \"points\": {points}, \"explanation\": \"x\"}}");
        Assert.Equal(400, status);
        AssertProblemNames(problem, "points");
        Assert.Contains(reason, problem!["errors"]!["points"]![0]!.GetValue<string>());
        Assert.Equal(before, await EventCount());
    }
}
