using System.Text.Json.Nodes;
using System.CommandLine;
using CchcLedger.Api.Demo;
using Microsoft.Extensions.DependencyInjection;

namespace CchcLedger.Api.Tests;

public sealed class AppealTests(AppealFixture fixture) : LedgerTest(fixture), IClassFixture<AppealFixture>
{
    private static readonly DemoData Demo = DemoData.Read(DemoData.DefaultPath());
    private const string HuuLung = "/api/years/2017/scorecards/huu-lung";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await DemoLoader.LoadAsync(Store, Demo);
    }

    private Task<JsonNode> Preliminary(int days = 10) => Post("/api/years/2017/rankings/districts/preliminary", new { appealWindowDays = days }, 201);

    private Task<JsonNode> Appeal(string agencyUrl, string criterion, decimal requested, int status = 201) =>
        Post($"{agencyUrl}/appeals", new
        {
            criterion, requestedPoints = requested, argument = "Đơn vị đã ban hành đúng hạn, có văn bản kèm theo",
            evidence = new[] { new { title = "Kế hoạch CCHC 2017", documentRef = "KH-05/UBND" } },
        }, status, actor: "UBND huyện Hữu Lũng – cán bộ đầu mối CCHC");

    private static object Decision(string outcome, decimal? points = null, int present = 9, int votesFor = 7, int votesAgainst = 2) =>
        new { outcome, points, reason = "Hội đồng xem xét tài liệu bổ sung", decisionRef = "QĐ 15/QĐ-HĐTĐ", membersPresent = present, votesFor, votesAgainst };

    private static (int Rank, decimal Total, string Class) Standing(JsonNode ranking, string agency)
    {
        var e = ranking["entries"]!.AsArray().Single(x => x!["agency"]!.GetValue<string>() == agency)!;
        return (e["rank"]!.GetValue<int>(), Dec(e["total"]), e["classification"]!.GetValue<string>());
    }

    [Fact]
    public async Task huu_lung_appeals_two_leaves_one_upheld_one_rejected_and_its_total_moves_by_the_upheld_difference()
    {
        var round = await Preliminary();
        Assert.Equal(1, round["round"]!.GetValue<int>());
        var preliminary = await Get("/api/years/2017/rankings/districts/preliminary");
        Assert.True(preliminary["windowOpen"]!.GetValue<bool>());
        Assert.Equal((11, 77.9m, "Khá"), Standing(preliminary["ranking"]!, "huu-lung"));

        var upheld = await Appeal(HuuLung, "1.1.1", 1);
        var rejected = await Appeal(HuuLung, "3.1.2", 1.67m);
        Assert.Equal(("2017-huu-lung-1", 0m, 1m, "open"), (upheld["appealId"]!.GetValue<string>(), Dec(upheld["currentPoints"]), Dec(upheld["requestedPoints"]), upheld["state"]!.GetValue<string>()));
        Assert.Equal(1.17m, Dec(rejected["currentPoints"]));

        var before = await Get("/api/years/2017/rankings");
        var decided = await Post($"/api/appeals/{upheld["appealId"]}/decision", Decision("upheld"), actor: "Hội đồng thẩm định");
        Assert.Equal(("upheld", 1m), (decided["appeal"]!["state"]!.GetValue<string>(), Dec(decided["appeal"]!["decidedPoints"])));
        await Post($"/api/appeals/{rejected["appealId"]}/decision", Decision("rejected", votesFor: 5, votesAgainst: 4));

        var ranking = await Get("/api/years/2017/rankings/districts");
        Assert.Equal((9, 78.9m, "Khá"), Standing(ranking, "huu-lung"));     // 77.9 + 1, past Tràng Định (78.86) and Văn Quan (78.23)
        Assert.Equal((10, 78.86m, "Khá"), Standing(ranking, "trang-dinh"));
        Assert.Equal((11, 78.23m, "Khá"), Standing(ranking, "van-quan"));
        Assert.Equal(before["classes"]!.ToJsonString(), (await Get("/api/years/2017/rankings"))["classes"]!.ToJsonString());

        var derivation = await Get($"{HuuLung}/derivation");
        var chain = derivation["leaves"]!.AsArray().Single(l => l!["code"]!.GetValue<string>() == "1.1.1")!["steps"]!.AsArray();
        Assert.Equal(["selfScore", "appraisal", "appealFiled", "appealUpheld"], chain.Select(s => s!["kind"]!.GetValue<string>()));
        Assert.Contains("changed by appeal 2017-huu-lung-1, decision QĐ 15/QĐ-HĐTĐ", chain[3]!["reason"]!.GetValue<string>());
        Assert.Equal((1m, "Hội đồng thẩm định"), (Dec(chain[3]!["change"]), chain[3]!["recordedBy"]!.GetValue<string>()));
        var rejectedChain = derivation["leaves"]!.AsArray().Single(l => l!["code"]!.GetValue<string>() == "3.1.2")!["steps"]!.AsArray();
        Assert.Equal(("appealRejected", 0m, 1.17m), (rejectedChain[^1]!["kind"]!.GetValue<string>(), Dec(rejectedChain[^1]!["change"]), Dec(rejectedChain[^1]!["finalAfter"])));

        var appeals = (await Get("/api/years/2017/appeals?agency=huu-lung")).AsArray();
        Assert.Equal(["upheld", "rejected"], appeals.Select(a => a!["state"]!.GetValue<string>()));
        Assert.Single((await Get("/api/years/2017/appeals?block=districts&state=rejected")).AsArray());
        var history = (await Get($"/api/appeals/{upheld["appealId"]}"))["history"]!.AsArray();
        Assert.Equal([("filed", "UBND huyện Hữu Lũng – cán bộ đầu mối CCHC"), ("decided", "Hội đồng thẩm định")],
            history.Select(h => (h!["kind"]!.GetValue<string>(), h["recordedBy"]!.GetValue<string>())));
        Assert.Equal(7, history[1]!["details"]!["votesFor"]!.GetValue<int>());
    }

    [Fact]
    public async Task cchc_appeals_lists_a_years_appeals()
    {
        await Preliminary();
        await Appeal(HuuLung, "1.1.1", 1);
        var output = new StringWriter();
        var original = Console.Out;
        Console.SetOut(output);
        try
        {
            var connection = fixture.OwnerStore.Options.Tenancy.Default.Database.CreateConnection().ConnectionString;   // the cchc tool migrates: it runs as the owner
            Assert.Equal(0, await Cli.Cli.Root().Parse(["appeals", "--year", "2017", "--agency", "huu-lung", "--connection", connection]).InvokeAsync());
        }
        finally
        {
            Console.SetOut(original);
        }
        Assert.Contains("2017-huu-lung-1", output.ToString());
        Assert.Contains("1 appeals", output.ToString());
    }

    [Fact]
    public async Task a_partly_upheld_appeal_sets_a_value_between_the_current_and_the_requested()
    {
        await Preliminary();
        var filed = await Appeal(HuuLung, "5.5", 2);   // 162/260 = 62.3% → 0 points; asks for the full 2
        var before = await EventCount();
        await Refused(() => Post($"/api/appeals/{filed["appealId"]}/decision", Decision("partlyUpheld", points: 2), 400), "points", before);
        await Refused(() => Post($"/api/appeals/{filed["appealId"]}/decision", Decision("partlyUpheld"), 400), "points", before);
        var decided = await Post($"/api/appeals/{filed["appealId"]}/decision", Decision("partlyUpheld", points: 1));
        Assert.Equal(78.9m, Dec(decided["scorecard"]!["total"]));
    }

    [Fact]
    public async Task appeals_are_refused_before_preliminary_results_and_after_the_window_closes()
    {
        var before = await EventCount();
        await Refused(() => Appeal(HuuLung, "1.1.1", 1, 409), "year", before);
        await Preliminary(days: 10);
        Clock.Advance(TimeSpan.FromDays(11));
        var afterRound = await EventCount();
        await Refused(() => Appeal(HuuLung, "1.1.1", 1, 409), "year", afterRound);
        Assert.False((await Get("/api/years/2017/rankings/districts/preliminary"))["windowOpen"]!.GetValue<bool>());
    }

    [Fact]
    public async Task the_council_closes_the_window_early_by_decision_then_appeals_are_refused_and_the_results_may_be_published()
    {
        const string closure = "/api/years/2017/rankings/districts/preliminary/closure";
        var decision = new { reason = "Hội đồng đã nhận đủ ý kiến của các đơn vị", decisionRef = "QĐ 20/QĐ-HĐTĐ" };
        var before = await EventCount();
        await Refused(() => Post(closure, decision, 409), "year", before);   // no round yet
        await Preliminary(days: 10);
        var filed = await Appeal(HuuLung, "1.1.1", 1);
        var withAppeal = await EventCount();
        await Refused(() => Post(closure, new { decisionRef = "QĐ 20/QĐ-HĐTĐ" }, 400), "reason", withAppeal);
        await Refused(() => Post(closure, new { reason = "x" }, 400), "decisionRef", withAppeal);
        await Refused(() => Post("/api/years/2017/rankings/wards/preliminary/closure", decision, 404), "block", withAppeal);

        var closed = await Post(closure, decision, actor: "Thư ký Hội đồng thẩm định");
        Assert.True(closed["closedEarly"]!.GetValue<bool>());
        Assert.Equal(withAppeal + 1, await EventCount());
        Assert.False((await Get("/api/years/2017/rankings/districts/preliminary"))["windowOpen"]!.GetValue<bool>());
        Assert.Contains((await Get("/api/years/2017/rankings/districts/milestones")).AsArray(),
            m => m!["kind"]!.GetValue<string>() == "windowClosedEarly" && m["detail"]!.GetValue<string>() == "QĐ 20/QĐ-HĐTĐ");
        var afterClose = await EventCount();
        await Refused(() => Appeal("/api/years/2017/scorecards/van-quan", "1.1.1", 1, 409), "year", afterClose);
        await Refused(() => Post(closure, decision, 409), "year", afterClose);   // already closed

        // Publication waits only for the filed appeal's decision, not for the scheduled end of the window.
        await Refused(() => Post("/api/years/2017/rankings/districts/publications", new { decisionRef = "QĐ 195/QĐ-UBND" }, 409), "block", afterClose);
        await Post($"/api/appeals/{filed["appealId"]}/decision", Decision("rejected"));
        await Post("/api/years/2017/rankings/districts/publications", new { decisionRef = "QĐ 195/QĐ-UBND" }, 201);
    }

    [Fact]
    public async Task after_publication_appeals_wait_for_a_new_preliminary_round_and_publication_waits_for_the_window()
    {
        await Preliminary(days: 5);
        var publication = new { decisionRef = "QĐ 345/QĐ-UBND" };
        var before = await EventCount();
        await Refused(() => Post("/api/years/2017/rankings/districts/publications", publication, 409), "block", before);   // window open

        Clock.Advance(TimeSpan.FromDays(6));
        await Post("/api/years/2017/rankings/districts/publications", publication, 201);
        var published = await EventCount();
        var refusal = await Post($"{HuuLung}/appeals", new { criterion = "1.1.1", requestedPoints = 1, argument = "Đã ban hành đúng hạn" }, 409);
        AssertProblemNames(refusal, "year");
        Assert.Contains("published", refusal["errors"]!["year"]![0]!.GetValue<string>());
        Assert.Equal(published, await EventCount());

        var round2 = await Preliminary(days: 5);
        Assert.Equal(2, round2["round"]!.GetValue<int>());
        await Appeal(HuuLung, "1.1.1", 1);
    }

    [Fact]
    public async Task an_appeal_on_a_missing_leaf_out_of_range_unchanged_or_already_open_is_refused()
    {
        await Preliminary();
        var before = await EventCount();
        await Refused(() => Appeal(HuuLung, "9.9", 1, 404), "criterion", before);
        await Refused(() => Appeal(HuuLung, "1.1.1", 1.5m, 400), "requestedPoints", before);
        await Refused(() => Appeal(HuuLung, "1.1.1", -1, 400), "requestedPoints", before);
        await Refused(() => Appeal(HuuLung, "1.1.1", 0, 400), "requestedPoints", before);            // its current value
        await Refused(() => Post($"{HuuLung}/appeals", new { criterion = "1.1.1", requestedPoints = 1 }, 400), "argument", before);
        await Refused(() => Appeal("/api/years/2017/scorecards/khong-co", "1.1.1", 1, 404), "agency", before);

        await Appeal(HuuLung, "1.1.1", 1);
        var afterFirst = await EventCount();
        await Refused(() => Appeal(HuuLung, "1.1.1", 0.5m, 409), "criterion", afterFirst);
    }

    [Fact]
    public async Task decisions_need_a_majority_and_the_life_cycle_is_enforced_naming_the_state()
    {
        await Preliminary();
        var first = (await Appeal(HuuLung, "1.1.1", 1))["appealId"]!.GetValue<string>();
        var second = (await Appeal(HuuLung, "3.1.2", 2))["appealId"]!.GetValue<string>();
        var before = await EventCount();

        await Refused(() => Post($"/api/appeals/{first}/decision", Decision("upheld", present: 9, votesFor: 4, votesAgainst: 4), 400), "votesFor", before);
        await Refused(() => Post($"/api/appeals/{first}/decision", Decision("upheld", present: 4, votesFor: 3, votesAgainst: 3), 400), "votesAgainst", before);
        await Refused(() => Post($"/api/appeals/{first}/decision", Decision("maybe"), 400), "outcome", before);
        await Refused(() => Post($"/api/appeals/{first}/decision", new { outcome = "upheld", membersPresent = 9, votesFor = 7, votesAgainst = 0 }, 400), "reason", before);
        await Refused(() => Post("/api/appeals/2017-huu-lung-99/decision", Decision("upheld"), 404), "appealId", before);

        await Post($"/api/appeals/{first}/decision", Decision("upheld"));
        await Post($"/api/appeals/{second}/withdrawal", new { reason = "Đơn vị rút kiến nghị" });
        var after = await EventCount();

        var twice = await Post($"/api/appeals/{first}/decision", Decision("rejected"), 409);
        Assert.Contains("is upheld", twice["errors"]!["appealId"]![0]!.GetValue<string>());
        var withdrawn = await Post($"/api/appeals/{second}/decision", Decision("upheld"), 409);
        Assert.Contains("is withdrawn", withdrawn["errors"]!["appealId"]![0]!.GetValue<string>());
        var decided = await Post($"/api/appeals/{first}/withdrawal", new { }, 409);
        Assert.Contains("is upheld", decided["errors"]!["appealId"]![0]!.GetValue<string>());
        Assert.Equal(after, await EventCount());
    }

    [Fact]
    public async Task two_decisions_on_one_appeal_at_the_same_time_exactly_one_lands()
    {
        await Preliminary();
        var appeal = (await Appeal(HuuLung, "1.1.1", 1))["appealId"]!.GetValue<string>();
        var before = await EventCount();

        var statuses = await Task.WhenAll(new[] { Decision("upheld"), Decision("rejected") }.Select(async body =>
            (await Host.Scenario(s =>
            {
                s.Post.Json(body).ToUrl($"/api/appeals/{appeal}/decision");
                Authorized(s, "POST", $"/api/appeals/{appeal}/decision");
                s.IgnoreStatusCode();
            })).Context.Response.StatusCode));

        Assert.Equal([200, 409], statuses.Order());
        Assert.Equal(before + 1, await EventCount());
    }
}
