using System.Text.Json.Nodes;

namespace CchcLedger.Api.Tests;

public sealed class ScorecardTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    private const string Card = "/api/years/2017/scorecards/huu-lung";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await SmallSetAdopted();
        await AgencyRegistered("huu-lung", "UBND huyện Hữu Lũng");
    }

    private static JsonNode Leaf(JsonNode card, string code) =>
        card["areas"]!.AsArray().SelectMany(a => a!["children"]!.AsArray()).Single(l => l!["code"]!.GetValue<string>() == code)!;

    [Fact]
    public async Task the_first_self_score_opens_the_scorecard_against_the_adopted_set()
    {
        var before = await EventCount();
        var card = await Post($"{Card}/self-scores", new { criterion = "1.1", points = 17.5, evidence = Evidence });
        Assert.Equal(("huu-lung", "UBND huyện Hữu Lũng", "districts", "2017-districts", 1),
            (card["agency"]!.GetValue<string>(), card["name"]!.GetValue<string>(), card["block"]!.GetValue<string>(),
             card["criteriaSet"]!["id"]!.GetValue<string>(), card["criteriaSet"]!["version"]!.GetValue<int>()));
        var leaf = Leaf(await Get(Card), "1.1");
        Assert.Equal((17.5m, 17.5m, 20m), (Dec(leaf["self"]), Dec(leaf["final"]), Dec(leaf["max"])));
        Assert.Null(leaf["appraised"]);
        Assert.Equal(before + 2, await EventCount()); // scorecard opened, self-score entered
    }

    [Fact]
    public async Task a_full_year_of_one_agency_adds_up_through_appraisal_adjustment_and_survey()
    {
        await SelfAssessed("huu-lung", scale: 18, numerator: 9, reports: 4, bonus: 2, penalty: -0.5m);
        // self: 18 + 18 (9/10 of 20) + 20 (4 reports) + 2 − 0.5 = 57.5 in area 1 (max 60)
        Assert.Equal(57.5m, Dec((await Get(Card))["total"]));

        await Post($"{Card}/appraisals", new { criterion = "1.1", points = 15, note = "Kế hoạch ban hành chậm" });
        await Post($"{Card}/appraisals", new { criterion = "1.2", numerator = 7, denominator = 10, note = "Chỉ 7/10 nhiệm vụ hoàn thành" });
        await Post($"{Card}/appraisals", new { criterion = "1.3", accept = true });
        await Post($"{Card}/survey-scores", new { criterion = "2.1", points = 31.25, source = "SIPAS 2017" });
        var card = await Post($"{Card}/adjustments", new { criterion = "1.1", points = 16, reason = "Bổ sung tài liệu kiểm chứng", decisionRef = "VB 215/SNV-CCHC" });

        // 16 (adjusted) + 14 (7/10 of 20) + 20 + 2 − 0.5 = 51.5; + 31.25 survey = 82.75
        Assert.Equal((82.75m, 82.75m, "Tốt"), (Dec(card["total"]), Dec(card["index"]), card["classification"]!.GetValue<string>()));
        var leaf = Leaf(card, "1.1");
        Assert.Equal((18m, 15m, 16m), (Dec(leaf["self"]), Dec(leaf["appraised"]), Dec(leaf["final"])));
        Assert.Equal(51.5m, Dec(card["areas"]![0]!["points"]));
    }

    [Fact]
    public async Task a_self_score_after_submission_is_a_conflict_and_writes_nothing()
    {
        await SelfAssessed("huu-lung");
        var before = await EventCount();
        await Refused(() => Post($"{Card}/self-scores", new { criterion = "1.1", points = 20, evidence = Evidence }, 409), "criterion", before);
        await Refused(() => Post($"{Card}/submission", null, 409), "submission", before);
    }

    [Theory]
    [InlineData(-0.5)]
    [InlineData(20.5)]
    [InlineData(10.25)]
    public async Task points_below_zero_above_the_maximum_or_off_the_step_are_refused(decimal points)
    {
        var before = await EventCount();
        await Refused(() => Post($"{Card}/self-scores", new { criterion = "1.1", points, evidence = Evidence }, 400), "points", before);
    }

    [Fact]
    public async Task unknown_agency_criterion_or_year_without_a_set_are_refused_by_name()
    {
        var before = await EventCount();
        await Refused(() => Post("/api/years/2017/scorecards/khong-co/self-scores", new { criterion = "1.1", points = 1, evidence = Evidence }, 404), "agency", before);
        await Refused(() => Post($"{Card}/self-scores", new { criterion = "9.9", points = 1, evidence = Evidence }, 404), "criterion", before);
        await Refused(() => Post("/api/years/2018/scorecards/huu-lung/self-scores", new { criterion = "1.1", points = 1, evidence = Evidence }, 409), "year", before);
        await Refused(() => Post("/api/years/1999/scorecards/huu-lung/self-scores", new { criterion = "1.1", points = 1, evidence = Evidence }, 400), "year", before);
    }

    [Fact]
    public async Task appraisal_before_submission_and_survey_points_on_other_leaves_are_refused()
    {
        await Post($"{Card}/self-scores", new { criterion = "1.1", points = 10, evidence = Evidence });
        var before = await EventCount();
        await Refused(() => Post($"{Card}/appraisals", new { criterion = "1.1", accept = true }, 409), "criterion", before);
        await Refused(() => Post($"{Card}/survey-scores", new { criterion = "1.1", points = 5 }, 400), "criterion", before);
        await Refused(() => Post($"{Card}/survey-scores", new { criterion = "2.1", points = 40.01 }, 400), "points", before);
        await Refused(() => Post($"{Card}/adjustments", new { criterion = "1.1", points = 5, reason = "Điều chỉnh" }, 400), "decisionRef", before);
    }

    [Fact]
    public async Task a_scorecard_never_opened_is_a_404()
    {
        await Get(Card, 404);
        await Get("/api/years/2017/scorecards/khong-co", 404);
    }

    [Fact]
    public async Task the_actor_from_the_token_is_kept_in_event_metadata_not_in_the_event_body()
    {
        await Post($"{Card}/self-scores", new { criterion = "1.1", points = 12, evidence = Evidence }, actor: "Nguyễn Thị Lan – cán bộ đầu mối CCHC");
        await using var session = Store.QuerySession();
        var events = await session.Events.FetchStreamAsync("scorecard-2017-huu-lung");
        Assert.Equal(2, events.Count);
        Assert.All(events, e => Assert.Equal("Nguyễn Thị Lan – cán bộ đầu mối CCHC", e.UserName));
        Assert.DoesNotContain("Nguyễn", System.Text.Json.JsonSerializer.Serialize(events[1].Data));
    }

    [Fact]
    public async Task an_actor_named_in_the_request_body_is_ignored_the_token_decides()
    {
        await Post($"{Card}/self-scores", new { criterion = "1.1", points = 12, evidence = Evidence, actor = "Kẻ mạo danh", recordedBy = "Kẻ mạo danh" }, actor: "Nguyễn Thị Lan");
        await using var session = Store.QuerySession();
        var events = await session.Events.FetchStreamAsync("scorecard-2017-huu-lung");
        Assert.All(events, e => Assert.Equal("Nguyễn Thị Lan", e.UserName));
        Assert.All(events, e => Assert.Equal(("agency-officer", "huu-lung"), (e.GetHeader("actorRole")?.ToString(), e.GetHeader("actorAgencies")?.ToString())));
        Assert.All(events, e => Assert.False(string.IsNullOrEmpty(e.GetHeader("tokenId")?.ToString())));
    }

    [Fact]
    public async Task two_concurrent_self_scores_on_one_scorecard_both_land_or_one_is_a_conflict_never_a_500()
    {
        await Post($"{Card}/self-scores", new { criterion = "1.1", points = 1, evidence = Evidence });
        var statuses = await Task.WhenAll(Enumerable.Range(0, 6).Select(async i =>
        {
            var result = await Host.Scenario(s =>
            {
                s.Post.Json(new { criterion = "1.1", points = 1 + i * 0.5m, evidence = Evidence }).ToUrl($"{Card}/self-scores");
                Authorized(s, "POST", $"{Card}/self-scores");
                s.IgnoreStatusCode();
            });
            return result.Context.Response.StatusCode;
        }));
        Assert.All(statuses, s => Assert.Contains(s, new[] { 200, 409 }));
        Assert.Contains(200, statuses);
        await using var session = Store.QuerySession();
        var events = await session.Events.FetchStreamAsync("scorecard-2017-huu-lung");
        Assert.Equal(2 + statuses.Count(s => s == 200), events.Count);
    }
}
