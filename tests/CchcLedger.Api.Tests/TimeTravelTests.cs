using System.Text.Json.Nodes;
using Npgsql;

namespace CchcLedger.Api.Tests;

public sealed class TimeTravelTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await SmallSetAdopted();
        await AgencyRegistered("huu-lung", "UBND huyện Hữu Lũng");
        await AgencyRegistered("bac-son", "UBND huyện Bắc Sơn");
    }



    private static JsonNode WithoutAsOf(JsonNode node)
    {
        var copy = JsonNode.Parse(node.ToJsonString())!;
        copy.AsObject().Remove("asOf");
        return copy;
    }

    [Fact]
    public async Task as_of_an_instant_every_view_answers_exactly_what_the_current_view_answered_then()
    {
        var seen = new List<(DateTimeOffset At, JsonNode Ranking, JsonNode Card)>();
        async Task Snapshot() => seen.Add((await Now(), await Get("/api/years/2017/rankings/districts"), await Get("/api/years/2017/scorecards/huu-lung")));

        await SelfAssessed("huu-lung", scale: 18, numerator: 9, reports: 4);
        await Snapshot();
        await SelfAssessed("bac-son", scale: 20, numerator: 10, reports: 4);
        await Snapshot();
        await Post("/api/years/2017/scorecards/huu-lung/appraisals", new { criterion = "1.1", points = 15, note = "Thiếu tài liệu" });
        await Snapshot();
        await Post("/api/years/2017/scorecards/huu-lung/survey-scores", new { criterion = "2.1", points = 36.5 });
        await Post("/api/years/2017/scorecards/bac-son/survey-scores", new { criterion = "2.1", points = 20 });
        await Snapshot();
        await Post("/api/agencies/huu-lung/renaming", new { name = "UBND huyện Hữu Lũng (tên mới)", reason = "Đổi tên", decisionRef = "QĐ 9" });
        await Post("/api/years/2017/scorecards/huu-lung/adjustments", new { criterion = "1.1", points = 16, reason = "Phúc khảo", decisionRef = "QĐ 10" });
        await Snapshot();

        foreach (var (at, ranking, card) in seen)
        {
            var rankingThen = await Get($"/api/years/2017/rankings/districts?asOf={Iso(at)}");
            Assert.Equal(WithoutAsOf(ranking).ToJsonString(), WithoutAsOf(rankingThen).ToJsonString());
            Assert.Equal(at, rankingThen["asOf"]!.GetValue<DateTimeOffset>());
            var cardThen = await Get($"/api/years/2017/scorecards/huu-lung?asOf={Iso(at)}");
            Assert.Equal(WithoutAsOf(card).ToJsonString(), WithoutAsOf(cardThen).ToJsonString());
        }
        // The ranking moved over time, so the comparisons above compared different answers.
        Assert.NotEqual(seen[1].Ranking.ToJsonString(), seen[3].Ranking.ToJsonString());
        Assert.Equal("UBND huyện Hữu Lũng", seen[3].Ranking["entries"]!.AsArray().Single(e => e!["agency"]!.GetValue<string>() == "huu-lung")!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task an_instant_before_anything_existed_is_a_404_with_a_reason()
    {
        var problem = await Get($"/api/years/2017/rankings/districts?asOf={Iso(new DateTimeOffset(2001, 1, 1, 0, 0, 0, TimeSpan.Zero))}", 404);
        Assert.Contains("no criteria set had been adopted", problem["errors"]!["asOf"]![0]!.GetValue<string>());
        await SelfAssessed("huu-lung");
        var before = await Get($"/api/years/2017/scorecards/huu-lung?asOf={Iso(DateTimeOffset.UtcNow.AddHours(-1))}", 404);
        Assert.True(before["errors"]!.AsObject().ContainsKey("asOf"));
        await Get($"/api/criteria-sets/2017-districts?asOf={Iso(DateTimeOffset.UtcNow.AddHours(-1))}", 404);
    }

    [Fact]
    public async Task a_malformed_or_future_instant_is_a_400()
    {
        var future = await Get($"/api/years/2017/rankings/districts?asOf={Iso(DateTimeOffset.UtcNow.AddDays(1))}", 400);
        Assert.True(future["errors"]!.AsObject().ContainsKey("asOf"));
        await Get("/api/years/2017/rankings/districts?asOf=hôm-qua", 400);
        await Get("/api/years/2017/scorecards/huu-lung?asOf=2017-13-45", 400);
        await Get($"/api/years/2017/scorecards/huu-lung/explain?from={Iso(DateTimeOffset.UtcNow)}&to={Iso(DateTimeOffset.UtcNow.AddHours(-1))}", 400);
        await Get($"/api/years/2017/scorecards/huu-lung/explain?to={Iso(DateTimeOffset.UtcNow)}", 400);
    }

    [Fact]
    public async Task a_criteria_set_is_readable_at_each_version_and_as_of_an_instant()
    {
        var v1 = await Get("/api/criteria-sets/2017-districts?version=1");
        Assert.Equal((1, true), (v1["version"]!.GetValue<int>(), v1["adopted"]!.GetValue<bool>()));
        await Get("/api/criteria-sets/2017-districts?version=2", 404);
        var now = await Get($"/api/criteria-sets/2017-districts?asOf={Iso(await Now())}");
        Assert.Equal(v1.ToJsonString(), now.ToJsonString());
    }

    [Fact]
    public async Task concurrent_writers_get_recorded_instants_that_never_decrease_along_the_sequence()
    {
        for (var i = 0; i < 20; i++) await AgencyRegistered($"xa-{i}", $"UBND xã số {i}");
        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Host.Scenario(s =>
        {
            s.Post.Json(new { criterion = "1.1", points = 10, evidence = Evidence }).ToUrl($"/api/years/2017/scorecards/xa-{i}/self-scores");
            Authorized(s, "POST", $"/api/years/2017/scorecards/xa-{i}/self-scores");
            s.StatusCodeShouldBe(200);
        })));

        await using var conn = new NpgsqlConnection(await TestDatabase.ConnectionStringAsync());
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("select seq_id, timestamp, stream_id from cchc.mt_events order by seq_id", conn);
        var rows = new List<(long Seq, DateTime At, string Stream)>();
        await using (var reader = await cmd.ExecuteReaderAsync())
            while (await reader.ReadAsync()) rows.Add((reader.GetInt64(0), reader.GetDateTime(1), reader.GetString(2)));

        Assert.True(rows.Count >= 40 + 20 + 2);
        for (var i = 1; i < rows.Count; i++)
            Assert.True(rows[i].At >= rows[i - 1].At, $"seq {rows[i].Seq} was recorded at {rows[i].At:O}, before seq {rows[i - 1].Seq} at {rows[i - 1].At:O}");
        // A transaction's events share one instant: each new scorecard's opening and first self-score.
        Assert.All(rows.Where(r => r.Stream.StartsWith("scorecard-")).GroupBy(r => r.Stream), g => Assert.Single(g.Select(r => r.At).Distinct()));

        // The same serialisation seals them into one linear hash chain: every event once, each linked to the one before.
        var chain = await Get("/api/integrity/verification");
        Assert.True(chain["ok"]!.GetValue<bool>(), chain.ToJsonString());
        Assert.Equal(rows.Count, chain["eventsChecked"]!.GetValue<int>());
    }
}
