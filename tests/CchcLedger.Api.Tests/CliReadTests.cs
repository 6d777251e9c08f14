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

    [Fact]
    public async Task cchc_ranking_prints_a_readable_table_with_vietnamese_names_or_json()
    {
        var (exit, table) = await CchcOnLedger("ranking", "--year", "2017");
        Assert.Equal(0, exit);
        Assert.Contains("Khối UBND cấp huyện", table);
        Assert.Contains("UBND huyện Hữu Lũng", table);
        Assert.Contains("Ban Quản lý Khu kinh tế cửa khẩu Đồng Đăng – Lạng Sơn", table);
        Assert.Contains("Tốt: 14, Khá: 6", table);
        Assert.Contains("Tốt: 8, Khá: 3", table);

        var (jsonExit, json) = await CchcOnLedger("ranking", "--year", "2017", "--block", "districts", "--json");
        Assert.Equal(0, jsonExit);
        var last = JsonNode.Parse(json)!["entries"]!.AsArray()[^1]!;
        Assert.Equal(("huu-lung", "UBND huyện Hữu Lũng", 77.9m), (last["agency"]!.GetValue<string>(), last["name"]!.GetValue<string>(), Dec(last["total"])));
    }

    [Fact]
    public async Task cchc_ranking_as_of_an_instant_before_the_ledger_says_so_and_fails()
    {
        var (exit, _) = await CchcOnLedger("ranking", "--year", "2017", "--as-of", "2001-01-01T00:00:00Z");
        Assert.Equal(1, exit);
    }

    [Fact]
    public async Task cchc_derive_and_explain_and_compare_answer_as_the_api_does()
    {
        var (exit, json) = await CchcOnLedger("derive", "--year", "2017", "--agency", "huu-lung", "--json");
        Assert.Equal(0, exit);
        var derivation = JsonNode.Parse(json)!;
        Assert.Equal(77.9m, Dec(derivation["total"]));
        Assert.Equal((await Get("/api/years/2017/scorecards/huu-lung/derivation")).ToJsonString(), derivation.ToJsonString());

        var (tableExit, table) = await CchcOnLedger("derive", "--year", "2017", "--agency", "huu-lung");
        Assert.Equal(0, tableExit);
        Assert.Contains("10 TTHC chưa được rà soát, đánh giá theo kế hoạch", table);

        var from = DateTimeOffset.UtcNow;
        await Task.Delay(3);
        await Post("/api/years/2017/scorecards/huu-lung/adjustments", new { criterion = "1.1.1", points = 1, reason = "Phúc khảo", decisionRef = "QĐ 77" });
        await Task.Delay(3);
        var to = DateTimeOffset.UtcNow;
        var (explainExit, explained) = await CchcOnLedger("explain", "--year", "2017", "--block", "districts", "--from", from.ToString("O"), "--to", to.ToString("O"), "--json");
        Assert.Equal(0, explainExit);
        Assert.Equal(3, JsonNode.Parse(explained)!["changes"]!.AsArray().Count);

        var (compareExit, _) = await CchcOnLedger("compare", "--year", "2017", "--agency", "huu-lung", "--with", "2016");
        Assert.Equal(1, compareExit); // no 2016 scorecard in the demo
    }

    [Fact]
    public async Task cchc_publish_regenerate_and_what_if_and_regenerate_all_fails_when_a_publication_differs()
    {
        var (published, output) = await CchcOnLedger("publish", "--year", "2017", "--block", "districts", "--decision", "QĐ 345/QĐ-UBND", "--by", "Trần Thị Bình", "--json");
        Assert.Equal(0, published);
        var publication = JsonNode.Parse(output)!;
        Assert.Equal(1, publication["number"]!.GetValue<int>());
        Assert.Equal(2, (await CchcOnLedger("publish", "--year", "2017", "--block", "districts", "--by", "Trần Thị Bình")).Exit);   // no decision
        await Post("/api/years/2017/rankings/departments/publications", new { decisionRef = "QĐ 346/QĐ-UBND" }, 201);

        var (identical, table) = await CchcOnLedger("regenerate", "--all");
        Assert.Equal(0, identical);
        Assert.Contains("2 of 2 publications regenerate identically", table);
        var (one, json) = await CchcOnLedger("regenerate", "--year", "2017", "--block", "districts", "--number", "1", "--json");
        Assert.Equal((0, publication["digest"]!.GetValue<string>()), (one, JsonNode.Parse(json)![0]!["digest"]!.GetValue<string>()));

        await Post("/api/criteria-sets", new { id = "2018-districts", year = 2018, title = "Bộ chỉ số 2018", copyFrom = "2017-districts" }, 201);
        await Post("/api/criteria-sets/2018-districts/amendments", new { reason = "Năm 2018", decisionRef = "QĐ 50", changes = new[] { new { kind = "changeMax", criterion = "8.3", max = 2 } } });
        var (whatIfExit, whatIf) = await CchcOnLedger("what-if", "--year", "2017", "--block", "districts", "--rules", "2018-districts@2");
        Assert.Equal(0, whatIfExit);
        Assert.Contains("Không chính thức", whatIf);
        Assert.Contains("UBND huyện Hữu Lũng", whatIf);

        // Someone with database rights changes a published total: regeneration no longer matches.
        await using (var conn = new Npgsql.NpgsqlConnection(await TestDatabase.ConnectionStringAsync()))
        {
            await conn.OpenAsync();
            await using var cmd = new Npgsql.NpgsqlCommand(
                "update cchc.mt_events set data = jsonb_set(data, '{entries,0,total}', '99.99') where type = 'ranking_published' and stream_id = 'round-2017-districts'", conn);
            Assert.Equal(1, await cmd.ExecuteNonQueryAsync());
        }
        var (different, report) = await CchcOnLedger("regenerate", "--all");
        Assert.Equal(1, different);
        Assert.Contains("DIFFERENT", report);
        Assert.Contains("1 of 2 publications regenerate identically", report);
    }
}
