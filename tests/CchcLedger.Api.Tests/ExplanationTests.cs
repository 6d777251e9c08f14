using System.Text.Json.Nodes;
using CchcLedger.Api.Demo;
using Marten;

namespace CchcLedger.Api.Tests;

public sealed class ExplanationTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    private static readonly DemoData Demo = DemoData.Read(DemoData.DefaultPath());



    private static IEnumerable<JsonNode> AllLeaves(JsonNode card) =>
        card["areas"]!.AsArray().SelectMany(Walk);

    private static IEnumerable<JsonNode> Walk(JsonNode? node) =>
        node!["children"]!.AsArray().Count == 0 ? [node] : node["children"]!.AsArray().SelectMany(Walk);

    [Fact]
    public async Task every_demo_derivation_reconciles_with_its_scorecard_and_the_ranking()
    {
        await DemoLoader.LoadAsync(Store, Demo);
        var rankings = await Get("/api/years/2017/rankings");
        var ranked = rankings["blocks"]!.AsArray().SelectMany(b => b!["entries"]!.AsArray()).ToDictionary(e => e!["agency"]!.GetValue<string>(), e => Dec(e!["total"]));

        foreach (var agency in Demo.Scorecards.Select(c => c.Agency))
        {
            var derivation = await Get($"/api/years/2017/scorecards/{agency}/derivation");
            var card = await Get($"/api/years/2017/scorecards/{agency}");
            Assert.Equal(Dec(card["total"]), Dec(derivation["total"]));
            Assert.Equal(ranked[agency], Dec(derivation["total"]));

            var finals = AllLeaves(card).ToDictionary(l => l["code"]!.GetValue<string>(), l => l["final"] is null ? 0m : Dec(l["final"]));
            foreach (var leaf in derivation["leaves"]!.AsArray())
            {
                var code = leaf!["code"]!.GetValue<string>();
                Assert.Equal(finals[code], Dec(leaf["final"]));
                var steps = leaf["steps"]!.AsArray();
                Assert.NotEmpty(steps); // every demo leaf was entered
                Assert.Equal(Dec(leaf["final"]), Dec(steps[^1]!["finalAfter"]));
                Assert.Equal(Dec(leaf["final"]), steps.Sum(s => Dec(s!["change"])));
                Assert.All(steps, s => Assert.False(string.IsNullOrEmpty(s!["recordedBy"]?.GetValue<string>())));
            }
            var areaPoints = card["areas"]!.AsArray().Sum(a => Dec(a!["points"]));
            Assert.Equal(areaPoints, derivation["nodes"]!.AsArray().Where(n => !n!["code"]!.GetValue<string>().Contains('.')).Sum(n => Dec(n!["points"])));
        }
    }

    [Fact]
    public async Task every_demo_waterfall_adds_up_stage_by_stage_to_each_area_and_to_the_total()
    {
        await DemoLoader.LoadAsync(Store, Demo);
        await using var session = Store.QuerySession();
        foreach (var agency in Demo.Scorecards.Select(c => c.Agency))
        {
            var (view, _) = await Scorecards.DerivationView.LoadAsync(session, 2017, agency, null);
            var waterfall = Domain.Scoring.Waterfall.Of(view!.Leaves, view.Nodes, view.Total);
            Assert.All(waterfall.Areas, a => Assert.Equal(a.Points, a.Stages.Sum(s => s.Change)));
            Assert.Equal(view.Total, waterfall.Stages.Sum(s => s.Change));
            Assert.Equal(view.Leaves.SelectMany(l => l.Steps).Where(s => s.Kind == "selfScore").Sum(s => s.Change),
                waterfall.Stages.Single(s => s.Stage == Domain.Scoring.Waterfall.SelfScore).Change);
            Assert.True(waterfall.Stages.Single(s => s.Stage == Domain.Scoring.Waterfall.Appraisal).Change <= 0, $"{agency}: the demo's appraisal only lowers");
        }
    }

    [Fact]
    public async Task an_agencys_years_agree_with_the_block_rankings_of_each_year()
    {
        await DemoLoader.LoadAsync(Store, Demo);
        await using var session = Store.QuerySession();
        foreach (var block in new[] { "departments", "districts" })
        {
            var ranking = await Rankings.BlockRanking.LoadAsync(session, 2017, block, null);
            foreach (var entry in ranking!.Entries)
            {
                var year = Assert.Single(await Scorecards.AgencyYears.LoadAsync(session, entry.Agency));
                Assert.Equal((2017, block, entry.Total, entry.Classification, entry.Rank, ranking.Entries.Count),
                    (year.Year, year.Block, year.Score.Total, year.Score.Classification, year.Rank, year.Ranked));
            }
        }
    }

    [Fact]
    public async Task explanations_that_start_from_a_snapshot_equal_those_replayed_from_the_first_event()
    {
        await DemoLoader.LoadAsync(Store, Demo);
        await using var session = Store.QuerySession();
        Assert.True(await session.Query<Projections.ScorecardSnapshot>().CountAsync() >= Demo.Scorecards.Count, "every demo scorecard has snapshots");
        var instants = (await session.Events.QueryAllRawEvents().Where(e => e.StreamKey!.StartsWith("scorecard-")).Select(e => e.Timestamp).ToListAsync())
            .Distinct().Order().ToList();
        var cuts = new[] { 0, instants.Count / 5, instants.Count / 2, instants.Count * 4 / 5, instants.Count - 1 }.Select(i => new Projections.Cut(instants[i])).ToList();
        var set = await History.CriteriaSetAsync(session, "2017-districts", null);
        var agencies = Demo.Agencies.Where(a => a.Block == "districts").Select(a => a.Code!).ToList();
        var snapshotted = 0;
        for (var i = 0; i < cuts.Count; i++)
            for (var j = i + 1; j < cuts.Count; j++)
            {
                var (from, to) = (cuts[i], cuts[j]);
                var fast = await Explain.EventsAsync(session, 2017, agencies, from, to, set!, default);
                snapshotted += (await Projections.ScoreHistory.SnapshotsAtAsync(session, agencies.Select(a => Domain.Scorecards.Scorecard.StreamKey(2017, a)).ToList(), from.Bound)).Count;
                foreach (var agency in agencies)
                {
                    var stream = (await session.Events.FetchStreamAsync(Domain.Scorecards.Scorecard.StreamKey(2017, agency))).Select(History.Recorded)
                        .Where(e => to.Holds(e.RecordedAt)).ToList();
                    var replayed = Domain.Scoring.Explanation.Explain(set!.Rules, stream.Where(e => from.Holds(e.RecordedAt)), stream.Where(e => !from.Holds(e.RecordedAt)));
                    Assert.Equal(replayed, fast[agency]);
                }
            }
        Assert.True(snapshotted > 0, "some explanations started from a snapshot");
    }

    [Fact]
    public async Task a_derivation_shows_the_chain_with_who_why_and_the_decision()
    {
        await DemoLoader.LoadAsync(Store, Demo);
        var derivation = await Get("/api/years/2017/scorecards/huu-lung/derivation");
        var leaf = derivation["leaves"]!.AsArray().Single(l => l!["code"]!.GetValue<string>() == "3.1.2")!;
        var steps = leaf["steps"]!.AsArray();
        Assert.Equal(["selfScore", "appraisal"], steps.Select(s => s!["kind"]!.GetValue<string>()));
        Assert.Equal("UBND huyện Hữu Lũng – cán bộ đầu mối CCHC", steps[0]!["recordedBy"]!.GetValue<string>());
        Assert.Equal("HUU-LUNG/2017/TC-3.1.2", steps[0]!["evidence"]![0]!["documentRef"]!.GetValue<string>());
        Assert.Equal(("10 TTHC chưa được rà soát, đánh giá theo kế hoạch", Demo.Actors.Appraiser),
            (steps[1]!["reason"]!.GetValue<string>(), steps[1]!["recordedBy"]!.GetValue<string>()));
        Assert.True(Dec(steps[1]!["change"]) < 0, "the appraisal lowered the self-score");

        var capped = derivation["nodes"]!.AsArray().Single(n => n!["code"]!.GetValue<string>() == "1")!;
        Assert.Equal(11m, Dec(capped["max"]));
    }

    [Fact]
    public async Task explaining_an_agency_lists_the_events_between_two_instants_with_its_standing_at_both()
    {
        await DemoLoader.LoadAsync(Store, Demo);
        var from = await Now();
        await Post("/api/years/2017/scorecards/huu-lung/adjustments", new { criterion = "1.1.1", points = 1, reason = "Kế hoạch ban hành đúng hạn theo văn bản bổ sung", decisionRef = "QĐ 77/QĐ-HĐTĐ" }, actor: "Hội đồng thẩm định");
        await Post("/api/years/2017/scorecards/huu-lung/adjustments", new { criterion = "5.5", numerator = 240, denominator = 260, reason = "Cập nhật số liệu chuẩn hóa cán bộ", decisionRef = "QĐ 78/QĐ-HĐTĐ" });
        var to = await Now();

        var explained = await Get($"/api/years/2017/scorecards/huu-lung/explain?from={Iso(from)}&to={Iso(to)}");
        var events = explained["events"]!.AsArray();
        Assert.Equal(2, events.Count);
        Assert.Equal(("1.1.1", 1m, 1m, "Hội đồng thẩm định", "QĐ 77/QĐ-HĐTĐ"),
            (events[0]!["criterion"]!.GetValue<string>(), Dec(events[0]!["leafChange"]), Dec(events[0]!["totalChange"]),
             events[0]!["recordedBy"]!.GetValue<string>(), events[0]!["decisionRef"]!.GetValue<string>()));
        Assert.Equal(2m, Dec(events[1]!["leafChange"])); // 240/260 = 92.3% reaches the 90% band: 0 → 2
        Assert.Equal((77.9m, 80.9m), (Dec(explained["from"]!["total"]), Dec(explained["to"]!["total"])));
        Assert.Equal(80.9m, Dec(events[1]!["runningTotal"]));
        Assert.Equal(("Khá", "Tốt", 11), (explained["from"]!["classification"]!.GetValue<string>(), explained["to"]!["classification"]!.GetValue<string>(), explained["from"]!["rank"]!.GetValue<int>()));
        Assert.True(explained["to"]!["rank"]!.GetValue<int>() < 11);

        var nothing = await Get($"/api/years/2017/scorecards/huu-lung/explain?from={Iso(to)}&to={Iso(await Now())}");
        Assert.Empty(nothing["events"]!.AsArray());
    }

    [Fact]
    public async Task explaining_a_block_separates_agencies_that_moved_from_those_moved_past()
    {
        await DemoLoader.LoadAsync(Store, Demo);
        var from = await Now();
        // Hữu Lũng (77.9, 11th) climbs above Văn Quan (78.23) and Tràng Định (78.86): they drop a rank without a change of their own.
        await Post("/api/years/2017/scorecards/huu-lung/adjustments", new { criterion = "1.1.1", points = 1, reason = "Phúc khảo", decisionRef = "QĐ 77" });
        var to = await Now();

        var explained = await Get($"/api/years/2017/rankings/districts/explain?from={Iso(from)}&to={Iso(to)}");
        var changes = explained["changes"]!.AsArray().ToDictionary(c => c!["agency"]!.GetValue<string>(), c => c!);
        Assert.Equal(["huu-lung", "trang-dinh", "van-quan"], changes.Keys.Order());
        Assert.Equal("ownScore", changes["huu-lung"]["cause"]!.GetValue<string>());
        Assert.Single(changes["huu-lung"]["events"]!.AsArray());
        Assert.Equal((11, 9), (changes["huu-lung"]["from"]!["rank"]!.GetValue<int>(), changes["huu-lung"]["to"]!["rank"]!.GetValue<int>()));
        foreach (var passed in new[] { "trang-dinh", "van-quan" })
        {
            Assert.Equal("othersMoved", changes[passed]["cause"]!.GetValue<string>());
            Assert.Empty(changes[passed]["events"]!.AsArray());
            Assert.Equal(Dec(changes[passed]["from"]!["total"]), Dec(changes[passed]["to"]!["total"]));
            Assert.Equal(changes[passed]["from"]!["rank"]!.GetValue<int>() + 1, changes[passed]["to"]!["rank"]!.GetValue<int>());
        }
    }

    [Fact]
    public async Task comparing_two_years_matches_areas_by_code_and_lists_those_of_one_year_only()
    {
        await SmallSetAdopted("2016-districts", 2016);
        var set2017 = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(SmallSet()))!;
        set2017["areas"]!.AsArray()[1]!["code"] = "3";
        set2017["areas"]!.AsArray()[1]!["children"]![0]!["code"] = "3.1";
        await Post("/api/criteria-sets", set2017, 201);
        await Post("/api/criteria-sets/2017-districts/adoption", new { decisionRef = "QĐ 2017" });
        await AgencyRegistered("huu-lung", "UBND huyện Hữu Lũng");
        await AgencyRegistered("bac-son", "UBND huyện Bắc Sơn");

        await SelfAssessed("huu-lung", scale: 15, numerator: 8, reports: 3, year: 2016);           // 15 + 16 + 10 = 41
        await SelfAssessed("bac-son", scale: 20, numerator: 10, reports: 4, year: 2016);           // 60
        await SelfAssessed("huu-lung", scale: 20, numerator: 10, reports: 4, year: 2017);          // 60
        await SelfAssessed("bac-son", scale: 10, numerator: 5, reports: 2, year: 2017);            // 10 + 10 + 10 = 30

        var comparison = await Get("/api/years/2017/scorecards/huu-lung/comparison?with=2016");
        Assert.Equal((60m, 41m, 19m), (Dec(comparison["this"]!["total"]), Dec(comparison["other"]!["total"]), Dec(comparison["totalChange"])));
        Assert.Equal((1, 2, 1), (comparison["this"]!["rank"]!.GetValue<int>(), comparison["other"]!["rank"]!.GetValue<int>(), comparison["rankChange"]!.GetValue<int>()));
        var areas = comparison["areas"]!.AsArray().ToDictionary(a => a!["code"]!.GetValue<string>(), a => a!);
        Assert.Equal(("both", 19m), (areas["1"]["presence"]!.GetValue<string>(), Dec(areas["1"]["change"])));
        Assert.Equal("thisYearOnly", areas["3"]["presence"]!.GetValue<string>());
        Assert.Equal("otherYearOnly", areas["2"]["presence"]!.GetValue<string>());
        Assert.Null(areas["2"]["points"]);

        var missing = await Get("/api/years/2017/scorecards/huu-lung/comparison?with=2015", 404);
        Assert.True(missing["errors"]!.AsObject().ContainsKey("with"));
        await Get("/api/years/2017/scorecards/huu-lung/comparison", 400);
    }
}
