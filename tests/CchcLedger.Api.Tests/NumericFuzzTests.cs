using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using CchcLedger.Domain;

namespace CchcLedger.Api.Tests;

/// <summary>
/// Random numeric text in every numeric field of every command: never a 5xx; a refusal names the field and writes
/// nothing; an accepted value is stored exactly as sent (never rounded, never flushed to zero); and afterwards every
/// read still answers.
/// </summary>
public sealed class NumericFuzzTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    private const string Card = "/api/years/2017/scorecards/huu-lung";
    private const int Seed = 20261129;

    /// <summary>Numbers as a hostile client writes them: exponents, huge, tiny, many digits, signs, zeros.</summary>
    private static string RandomNumber(Random random) => random.Next(12) switch
    {
        0 => random.Next(-5, 30).ToString(CultureInfo.InvariantCulture),
        1 => $"{random.Next(0, 40)}.{random.Next(0, 100000):D5}",
        2 => $"{random.Next(0, 40)}.{random.Next(0, 10000):D4}",
        3 => $"{random.Next(0, 10)}e{random.Next(-450, 450)}",
        4 => $"{random.Next(1, 10)}.{random.Next(0, 99)}E{(random.Next(2) == 0 ? "+" : "-")}{random.Next(0, 40)}",
        5 => new string('9', random.Next(10, 40)),
        6 => "0." + new string('0', random.Next(1, 35)) + random.Next(1, 10),
        7 => "-" + random.Next(0, 5) + "." + random.Next(0, 100),
        8 => random.Next(2) == 0 ? "0e-400" : "-0",
        9 => "0.5" + new string('0', random.Next(0, 30)) + (random.Next(2) == 0 ? "1" : ""),
        10 => decimal.MaxValue.ToString(CultureInfo.InvariantCulture),
        _ => (random.Next(0, 200) / 4m).ToString(CultureInfo.InvariantCulture),
    };

    private static decimal? Exact(string text) =>
        Numbers.TryParseExact(Encoding.UTF8.GetBytes(text), out var value, out _) ? value : null;

    private async Task Send(string url, string body, Func<JsonNode, decimal?>? stored, decimal? sent, List<string> failures)
    {
        var before = await EventCount();
        var (status, answer) = await PostRaw(url, body);
        if (status >= 500) failures.Add($"{status} for POST {url} {body}");
        else if (status >= 400)
        {
            if (answer?["errors"] is not JsonObject { Count: > 0 }) failures.Add($"{status} without errors for {body}");
            if (await EventCount() != before) failures.Add($"refused {body} but wrote events");
        }
        else if (stored is not null && sent is not null && stored(answer!) is var got && got != sent)
            failures.Add($"{body} was accepted but stored as {got}");
    }

    private static decimal? LastValue(JsonNode derivation, string leaf, string field) =>
        derivation["leaves"]!.AsArray().First(l => l!["code"]!.GetValue<string>() == leaf)!["steps"]!.AsArray().Last()!["value"]![field]?.GetValue<decimal>();

    [Fact]
    public async Task random_numbers_in_every_numeric_field_never_break_the_ledger()
    {
        await SmallSetAdopted();
        await AgencyRegistered("huu-lung", "UBND huyện Hữu Lũng");
        var random = new Random(Seed);
        var failures = new List<string>();
        async Task<JsonNode> Derivation() => await Get($"{Card}/derivation");

        for (var i = 0; i < 40; i++)
        {
            var n = RandomNumber(random);
            await Send($"{Card}/self-scores", $"{{\"criterion\":\"1.1\",\"points\":{n},\"explanation\":\"x\"}}", _ => null, null, failures);
            var (num, den) = (RandomNumber(random), RandomNumber(random));
            await Send($"{Card}/self-scores", $"{{\"criterion\":\"1.2\",\"numerator\":{num},\"denominator\":{den},\"explanation\":\"x\"}}", _ => null, null, failures);
            await Send($"{Card}/self-scores", $"{{\"criterion\":\"1.3\",\"count\":{RandomNumber(random)},\"explanation\":\"x\"}}", _ => null, null, failures);
            await Send($"{Card}/self-scores", $"{{\"criterion\":\"1.5\",\"points\":{RandomNumber(random)},\"explanation\":\"x\"}}", _ => null, null, failures);
        }
        // What was accepted was stored exactly: the last accepted value of each leaf is the exact value of its text.
        for (var i = 0; i < 20; i++)
        {
            var n = RandomNumber(random);
            var before = await EventCount();
            var (status, _) = await PostRaw($"{Card}/self-scores", $"{{\"criterion\":\"1.2\",\"numerator\":{n},\"denominator\":7,\"explanation\":\"x\"}}");
            if (status == 200 && LastValue(await Derivation(), "1.2", "numerator") != Exact(n)) failures.Add($"numerator {n} stored as something else");
            if (status != 200 && await EventCount() != before) failures.Add($"numerator {n} refused but written");
            if (status == 200 && Exact(n) is null) failures.Add($"numerator {n} accepted though it cannot be stored exactly");
        }

        await SelfAssessed("huu-lung");
        for (var i = 0; i < 30; i++)
        {
            var n = RandomNumber(random);
            await Send($"{Card}/appraisals", $"{{\"criterion\":\"1.1\",\"points\":{n},\"note\":\"x\"}}", _ => null, null, failures);
            await Send($"{Card}/adjustments", $"{{\"criterion\":\"1.2\",\"numerator\":{RandomNumber(random)},\"denominator\":{RandomNumber(random)},\"reason\":\"x\",\"decisionRef\":\"QĐ 1\"}}", _ => null, null, failures);
            await Send($"{Card}/survey-scores", $"{{\"criterion\":\"2.1\",\"points\":{RandomNumber(random)}}}", _ => null, null, failures);
            await Send($"{Card}/adjustments", $"{{\"criterion\":\"1.4\",\"points\":{RandomNumber(random)},\"reason\":\"x\",\"decisionRef\":\"QĐ 1\"}}", _ => null, null, failures);
        }

        for (var i = 0; i < 25; i++)
        {
            var set = $"fuzz-{i}";
            var body = $$$"""
                {"id":"{{{set}}}","year":2018,"block":"districts","title":"Bộ thử","areas":[{"code":"1","title":"Lĩnh vực","max":{{{RandomNumber(random)}}},
                 "children":[{"code":"1.1","title":"a","max":{{{RandomNumber(random)}}},"method":"scale","step":{{{RandomNumber(random)}}}},
                             {"code":"1.2","title":"b","max":10,"method":"bands","basis":"count","bands":[{"min":0,"points":0},{"min":{{{RandomNumber(random)}}},"points":{{{RandomNumber(random)}}}}]}]}],
                 "classBands":[{"label":"Tốt","min":{{{RandomNumber(random)}}}},{"label":"Yếu","min":0}],"rounding":{"decimals":2,"mode":"halfUp"},"tieRule":{"kind":"shared"}}
                """;
            await Send("/api/criteria-sets", body, _ => null, null, failures);
            await Send("/api/criteria-sets/2017-districts/amendments",
                $"{{\"reason\":\"x\",\"decisionRef\":\"QĐ 2\",\"changes\":[{{\"kind\":\"changeMax\",\"criterion\":\"1.2\",\"max\":{RandomNumber(random)}}}]}}", _ => null, null, failures);
        }

        await Post("/api/years/2017/rankings/districts/preliminary", new { appealWindowDays = 10 }, 201);
        for (var i = 0; i < 20; i++)
            await Send($"{Card}/appeals", $"{{\"criterion\":\"1.1\",\"requestedPoints\":{RandomNumber(random)},\"argument\":\"x\"}}", _ => null, null, failures);

        // Every read still answers after all that.
        foreach (var url in new[]
                 {
                     Card, $"{Card}/derivation", "/api/years/2017/rankings/districts", "/api/years/2017/rankings", "/api/criteria-sets",
                     "/api/criteria-sets/2017-districts", "/api/years/2017/rankings/districts?rules=2017-districts@1", "/api/years/2017/appeals",
                     $"{Card}/explain?from=2000-01-01T00:00:00Z&to={Iso(DateTimeOffset.UtcNow)}", "/api/agencies",
                 })
            await Get(url);
        Assert.True(failures.Count == 0, $"seed {Seed}:\n" + string.Join("\n", failures.Take(30)));
    }

    [Fact]
    public async Task maxima_that_would_overflow_a_total_are_refused_before_anything_is_written()
    {
        var before = await EventCount();
        var (status, problem) = await PostRaw("/api/criteria-sets", """
            {"id":"huge","year":2017,"block":"districts","title":"Quá lớn","areas":[
              {"code":"1","title":"a","max":79228162514264337593543950,"children":[{"code":"1.1","title":"x","max":1,"method":"bonus"}]},
              {"code":"2","title":"b","max":79228162514264337593543950,"children":[{"code":"2.1","title":"y","max":1,"method":"bonus"}]}],
             "classBands":[{"label":"Tốt","min":0}]}
            """);
        Assert.Equal(400, status);
        AssertProblemNames(problem, "areas[0].max");
        var (status2, problem2) = await PostRaw("/api/criteria-sets", """
            {"id":"huge","year":2017,"block":"districts","title":"Quá lớn","areas":[
              {"code":"1","title":"a","max":5000,"children":[{"code":"1.1","title":"x","max":1,"method":"bonus"}]}],
             "classBands":[{"label":"Tốt","min":0}]}
            """);
        Assert.Equal(400, status2);
        AssertProblemNames(problem2, "areas[0].max");
        Assert.Equal(before, await EventCount());
        await Get("/api/criteria-sets");
    }

    [Theory]
    [InlineData("1.2", "79228162514264337593543950335", "79228162514264337593543950335", "numerator")]
    [InlineData("1.2", "1e28", "1e28", "numerator")]
    [InlineData("1.2", "1", "0", "denominator")]
    [InlineData("1.3", "1e28", null, "count")]
    [InlineData("1.3", "2.5", null, "count")]
    public async Task measures_outside_what_the_domain_can_mean_are_refused(string leaf, string first, string? second, string field)
    {
        await SmallSetAdopted();
        await AgencyRegistered("huu-lung", "UBND huyện Hữu Lũng");
        var before = await EventCount();
        var body = second is null
            ? $"{{\"criterion\":\"{leaf}\",\"count\":{first},\"explanation\":\"x\"}}"
            : $"{{\"criterion\":\"{leaf}\",\"numerator\":{first},\"denominator\":{second},\"explanation\":\"x\"}}";
        var (status, problem) = await PostRaw($"{Card}/self-scores", body);
        Assert.Equal(400, status);
        AssertProblemNames(problem, field);
        Assert.Equal(before, await EventCount());
    }

    [Fact]
    public async Task a_numerator_above_its_denominator_is_recorded_as_reported_and_capped_in_scoring()
    {
        await SmallSetAdopted();
        await AgencyRegistered("huu-lung", "UBND huyện Hữu Lũng");
        var card = await Post($"{Card}/self-scores", new { criterion = "1.2", numerator = 12540, denominator = 11000, evidence = Evidence });
        var leaf = card["areas"]![0]!["children"]!.AsArray().First(n => n!["code"]!.GetValue<string>() == "1.2")!;
        Assert.Equal(20m, Dec(leaf["self"]));
        var derivation = await Get($"{Card}/derivation");
        Assert.Equal(12540m, LastValue(derivation, "1.2", "numerator"));
        Assert.Equal(11000m, LastValue(derivation, "1.2", "denominator"));
    }
}
