using System.CommandLine;
using System.Text.Json.Nodes;
using CchcLedger.Api.Demo;

namespace CchcLedger.Api.Tests;

public sealed class CliReadTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await DemoLoader.LoadAsync(Store, DemoData.Read(DemoData.DefaultPath()));
    }

    private static async Task<(int Exit, string Output)> Cchc(params string[] args)
    {
        var connection = await TestDatabase.ConnectionStringAsync();
        var output = new StringWriter();
        var original = Console.Out;
        Console.SetOut(output);
        try
        {
            var exit = await Cli.Cli.Root().Parse([.. args, "--connection", connection]).InvokeAsync();
            return (exit, output.ToString());
        }
        finally
        {
            Console.SetOut(original);
        }
    }

    [Fact]
    public async Task cchc_ranking_prints_a_readable_table_with_vietnamese_names_or_json()
    {
        var (exit, table) = await Cchc("ranking", "--year", "2017");
        Assert.Equal(0, exit);
        Assert.Contains("Khối UBND cấp huyện", table);
        Assert.Contains("UBND huyện Hữu Lũng", table);
        Assert.Contains("Ban Quản lý Khu kinh tế cửa khẩu Đồng Đăng – Lạng Sơn", table);
        Assert.Contains("Tốt: 14, Khá: 6", table);
        Assert.Contains("Tốt: 8, Khá: 3", table);

        var (jsonExit, json) = await Cchc("ranking", "--year", "2017", "--block", "districts", "--json");
        Assert.Equal(0, jsonExit);
        var last = JsonNode.Parse(json)!["entries"]!.AsArray()[^1]!;
        Assert.Equal(("huu-lung", "UBND huyện Hữu Lũng", 77.9m), (last["agency"]!.GetValue<string>(), last["name"]!.GetValue<string>(), Dec(last["total"])));
    }

    [Fact]
    public async Task cchc_ranking_as_of_an_instant_before_the_ledger_says_so_and_fails()
    {
        var (exit, _) = await Cchc("ranking", "--year", "2017", "--as-of", "2001-01-01T00:00:00Z");
        Assert.Equal(1, exit);
    }

    [Fact]
    public async Task cchc_derive_and_explain_and_compare_answer_as_the_api_does()
    {
        var (exit, json) = await Cchc("derive", "--year", "2017", "--agency", "huu-lung", "--json");
        Assert.Equal(0, exit);
        var derivation = JsonNode.Parse(json)!;
        Assert.Equal(77.9m, Dec(derivation["total"]));
        Assert.Equal((await Get("/api/years/2017/scorecards/huu-lung/derivation")).ToJsonString(), derivation.ToJsonString());

        var (tableExit, table) = await Cchc("derive", "--year", "2017", "--agency", "huu-lung");
        Assert.Equal(0, tableExit);
        Assert.Contains("10 TTHC chưa được rà soát, đánh giá theo kế hoạch", table);

        var from = DateTimeOffset.UtcNow;
        await Task.Delay(3);
        await Post("/api/years/2017/scorecards/huu-lung/adjustments", new { criterion = "1.1.1", points = 1, reason = "Phúc khảo", decisionRef = "QĐ 77" });
        await Task.Delay(3);
        var to = DateTimeOffset.UtcNow;
        var (explainExit, explained) = await Cchc("explain", "--year", "2017", "--block", "districts", "--from", from.ToString("O"), "--to", to.ToString("O"), "--json");
        Assert.Equal(0, explainExit);
        Assert.Equal(3, JsonNode.Parse(explained)!["changes"]!.AsArray().Count);

        var (compareExit, _) = await Cchc("compare", "--year", "2017", "--agency", "huu-lung", "--with", "2016");
        Assert.Equal(1, compareExit); // no 2016 scorecard in the demo
    }
}
