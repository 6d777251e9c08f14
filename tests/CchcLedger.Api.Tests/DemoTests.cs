using System.Text.Json.Nodes;
using Alba;
using CchcLedger.Api.Demo;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CchcLedger.Api.Tests;

public sealed class DemoTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    private static readonly DemoData Demo = DemoData.Read(DemoData.DefaultPath());

    private static readonly string[] ArticleKha =
    [
        "Sở Công Thương", "Sở Văn hóa – Thể thao và Du lịch", "Sở Thông tin và Truyền thông", "Sở Y tế",
        "Ban Quản lý Khu kinh tế cửa khẩu Đồng Đăng – Lạng Sơn", "Ban Dân tộc",
        "UBND huyện Văn Quan", "UBND huyện Tràng Định", "UBND huyện Hữu Lũng",
    ];

    private static IEnumerable<JsonNode> Entries(JsonNode year) =>
        year["blocks"]!.AsArray().SelectMany(b => b!["entries"]!.AsArray()).Select(e => e!);

    [Fact]
    public async Task the_demo_ranking_shows_the_article_outcome()
    {
        await DemoLoader.LoadAsync(Store, Demo);
        var year = await Get("/api/years/2017/rankings");

        var entries = Entries(year).ToList();
        Assert.Equal(31, year["agencies"]!.GetValue<int>());
        Assert.Equal(31, entries.Count);
        Assert.Equal(20, year["blocks"]![0]!["entries"]!.AsArray().Count);
        Assert.Equal(11, year["blocks"]![1]!["entries"]!.AsArray().Count);

        var classes = year["classes"]!.AsArray().ToDictionary(c => c!["classification"]!.GetValue<string>(), c => c!["count"]!.GetValue<int>());
        Assert.Equal((22, 9), (classes["Tốt"], classes["Khá"]));

        var kha = entries.Where(e => e["classification"]!.GetValue<string>() == "Khá").Select(e => e["name"]!.GetValue<string>());
        Assert.Equal(ArticleKha.Order(StringComparer.Ordinal), kha.Order(StringComparer.Ordinal));

        var lowest = entries.MinBy(e => Dec(e["total"]))!;
        Assert.Equal(("huu-lung", "UBND huyện Hữu Lũng", 77.9m), (lowest["agency"]!.GetValue<string>(), lowest["name"]!.GetValue<string>(), Dec(lowest["total"])));
        Assert.All(entries.Where(e => e != lowest), e => Assert.True(Dec(e["total"]) > 77.9m));
        var districts = year["blocks"]![1]!["entries"]!.AsArray();
        Assert.Equal(("huu-lung", 11), (districts[^1]!["agency"]!.GetValue<string>(), districts[^1]!["rank"]!.GetValue<int>()));
    }

    [Fact]
    public async Task every_demo_scorecard_adds_up_to_the_total_its_file_expects()
    {
        await DemoLoader.LoadAsync(Store, Demo);
        foreach (var expected in Demo.Scorecards)
        {
            var card = await Get($"/api/years/2017/scorecards/{expected.Agency}");
            Assert.True(expected.ExpectedTotal == Dec(card["total"]), $"{expected.Agency}: expected {expected.ExpectedTotal}, got {card["total"]}");
            Assert.True(card["submitted"]!.GetValue<bool>());
        }
    }

    [Fact]
    public async Task the_demo_is_recorded_as_real_use_by_the_actors_who_would_do_it()
    {
        await DemoLoader.LoadAsync(Store, Demo);
        await using var session = Store.QuerySession();
        var events = await session.Events.FetchStreamAsync("scorecard-2017-huu-lung");
        Assert.Contains(events, e => e.Data is Domain.Scorecards.SelfScoreEntered && e.UserName == "UBND huyện Hữu Lũng – cán bộ đầu mối CCHC");
        Assert.Contains(events, e => e.Data is Domain.Scorecards.AppraisalRecorded { AcceptedSelfScore: false } a
            && a.Note == "10 TTHC chưa được rà soát, đánh giá theo kế hoạch" && e.UserName == Demo.Actors.Appraiser);
        Assert.All(events, e => Assert.False(string.IsNullOrEmpty(e.UserName)));
        var appraisals = events.Select(e => e.Data).OfType<Domain.Scorecards.AppraisalRecorded>().ToList();
        Assert.True(appraisals.Count(a => !a.AcceptedSelfScore) >= 2, "appraisal lowers some self-scores");
    }

    [Fact]
    public async Task loading_the_demo_twice_adds_nothing()
    {
        await DemoLoader.LoadAsync(Store, Demo);
        var before = await EventCount();
        var second = await DemoLoader.LoadAsync(Store, Demo);
        Assert.Equal((0, 0, 0), (second.AgenciesRegistered, second.CriteriaSetsAdopted, second.ScorecardsLoaded));
        Assert.Equal(before, await EventCount());
    }

    [Fact]
    public async Task restarting_the_ledger_on_the_same_data_adds_no_events()
    {
        var connectionString = await TestDatabase.FreshDatabaseAsync("cchc_restart");

        async Task<long> StartAndCount(bool first)
        {
            await using var host = await AlbaHost.For<Program>(b =>
            {
                b.UseSetting("ConnectionStrings:Ledger", connectionString);
                b.UseSetting("Demo:LoadOnStart", "true");
            });
            await using var session = host.Services.GetRequiredService<IDocumentStore>().QuerySession();
            if (first) await TheStoryWasToldOnItsCalendar(session);
            return await session.Events.QueryAllRawEvents().CountAsync();
        }

        var first = await StartAndCount(first: true);
        var second = await StartAndCount(first: false);
        Assert.True(first > 2000, $"the demo loaded on first start ({first} events)");
        Assert.Equal(first, second);
    }

    [Fact]
    public async Task cchc_demo_loads_the_demo_into_the_database_it_is_given_and_a_second_run_adds_nothing()
    {
        var connectionString = await TestDatabase.FreshDatabaseAsync("cchc_cli");
        Assert.Equal(0, await Cli.Cli.Root().Parse(["demo", "--connection", connectionString]).InvokeAsync());
        var first = await CountEvents(connectionString);
        Assert.Equal(0, await Cli.Cli.Root().Parse(["demo", "--connection", connectionString]).InvokeAsync());
        Assert.True(first > 2000, $"cchc demo wrote the demo ({first} events)");
        Assert.Equal(first, await CountEvents(connectionString));
    }

    [Fact]
    public async Task cchc_db_status_says_a_cluster_that_was_never_created_is_not_running()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"cchc-nothing-{Guid.NewGuid():N}");
        Assert.Equal(3, await Cli.Cli.Root().Parse(["db", "status", "--folder", folder]).InvokeAsync());
        Assert.False(Directory.Exists(folder), "asking for the status creates nothing");
    }

    /// <summary>
    /// On an empty ledger the demo is told as its years ran: each year's scores add up as its file expects, both blocks
    /// are published after the appeals are closed, 2017's publication is the article's outcome, and the recorded
    /// instants are the story's dates.
    /// </summary>
    private static async Task TheStoryWasToldOnItsCalendar(IQuerySession session)
    {
        var years = DemoStory.Years();
        Assert.Equal([2016, 2017], years.Select(y => y.Year));
        foreach (var year in years)
        {
            foreach (var expected in year.Scorecards)
            {
                var (card, _) = await Scorecards.ScorecardView.LoadAsync(session, year.Year, expected.Agency, null);
                Assert.True(expected.ExpectedTotal == card!.Total, $"{year.Year} {expected.Agency}: expected {expected.ExpectedTotal}, got {card.Total}");
            }
            foreach (var block in new[] { "departments", "districts" })
            {
                var published = Assert.Single(await Rankings.Publications.OfBlockAsync(session, year.Year, block));
                Assert.Equal(year.Story!.PublicationDecisions[block], published.DecisionRef);
                // Recorded now, in force from the decision's date in the story.
                Assert.Equal(DateTimeOffset.UtcNow.Year, published.PublishedAt.Year);
                Assert.Equal(year.Year + 1, (await Rankings.Publications.EffectiveAtAsync(session, year.Year, block))[1].ToOffset(TimeSpan.FromHours(7)).Year);
            }
        }
        var districts = (await Rankings.Publications.OfBlockAsync(session, 2017, "districts"))[0].Entries;
        Assert.Equal(("huu-lung", 77.9m, "Khá", 11), (districts[^1].Agency, districts[^1].Total, districts[^1].Classification, districts[^1].Rank));
        var appeals = await Appeals.AppealDetail.ListAsync(session, 2017, null, null, null);
        Assert.Equal([("2017-huu-lung-1", "rejected"), ("2017-trang-dinh-1", "withdrawn")], appeals.Select(a => (a.Id, a.State)));
        var milestones = await Rankings.YearMilestones.LoadAsync(session, 2017, "districts");
        Assert.Equal("16/01/2018 09:00", Web.Format.DateTime(milestones.Single(m => m.Kind == "preliminary").At));
        Assert.Equal("06/02/2018 10:15", Web.Format.DateTime(milestones.Single(m => m.Kind == "publication").At));
        Assert.Equal("12/01/2018 14:30", Web.Format.DateTime(milestones.First(m => m.Kind == "adjustment").At)); // chi-lang, the first district adjusted
    }

    private static async Task<long> CountEvents(string connectionString)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using var count = new NpgsqlCommand("select count(*) from cchc.mt_events", conn);
        return (long)(await count.ExecuteScalarAsync())!;
    }
}
