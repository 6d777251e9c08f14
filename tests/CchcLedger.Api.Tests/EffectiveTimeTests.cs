using Marten;
using Microsoft.Extensions.DependencyInjection;
using CchcLedger.Projections;

namespace CchcLedger.Api.Tests;

/// <summary>
/// Two instants per event: when the ledger recorded it (its own, never backdated) and when it took effect (data, given
/// with Effective-At, sealed with the event). As-of reads cut by either: ?axis=recorded (the default) or ?axis=effective.
/// </summary>
public sealed class EffectiveTimeTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    private const string Card = "/api/years/2017/scorecards/huu-lung";
    private static readonly object Adjustment = new { criterion = "1.1", points = 10, reason = "Theo kết luận của Hội đồng", decisionRef = "QĐ 12/QĐ-HĐTĐ" };

    private static decimal Leaf11(System.Text.Json.Nodes.JsonNode card) =>
        Dec(card["areas"]![0]!["children"]!.AsArray().First(n => n!["code"]!.GetValue<string>() == "1.1")!["final"]);

    /// <summary>A past year brought in today: every step recorded now, each in force from the date it is dated with.</summary>
    private async Task PastYearBroughtIn()
    {
        async Task At(string effective, string url, object body, int status = 200) =>
            Assert.Equal(status, (await PostWith(url, body, ("Effective-At", effective))).Status);
        await At("2017-11-01T08:00:00+07:00", "/api/criteria-sets", SmallSet(), 201);
        await At("2017-11-02T08:00:00+07:00", "/api/criteria-sets/2017-districts/adoption", new { decisionRef = "QĐ 2017/QĐ-UBND" });
        await At("2017-11-01T08:00:00+07:00", "/api/agencies", new { code = "huu-lung", name = "UBND huyện Hữu Lũng", block = "districts" }, 201);
        await At("2017-11-01T08:00:00+07:00", "/api/agencies", new { code = "van-quan", name = "UBND huyện Văn Quan", block = "districts" }, 201);
        await At("2017-12-15T09:00:00+07:00", $"{Card}/adjustments", new { criterion = "1.1", points = 18, reason = "Nhập số liệu năm 2017", decisionRef = "QĐ 1/QĐ-HĐTĐ" });
        await At("2017-12-15T09:00:00+07:00", "/api/years/2017/scorecards/van-quan/adjustments", new { criterion = "1.1", points = 15, reason = "Nhập số liệu năm 2017", decisionRef = "QĐ 1/QĐ-HĐTĐ" });
        await At("2018-01-12T14:30:00+07:00", $"{Card}/adjustments", Adjustment);
    }

    private static string At(int month, int day, int hour, int minute) =>
        Iso(new DateTimeOffset(month == 12 ? 2017 : 2018, month, day, hour, minute, 0, TimeSpan.FromHours(7)));

    [Fact]
    public async Task a_past_year_brought_in_today_is_read_in_force_at_its_own_dates_and_recorded_from_today()
    {
        var beforeRecording = await Now();
        await PastYearBroughtIn();

        // Effective axis: the year unfolds at its own dates, though all of it was recorded today.
        AssertProblemNames(await Get($"{Card}?asOf={At(12, 14, 9, 0)}&axis=effective", 404), "asOf");
        Assert.Equal(18m, Leaf11(await Get($"{Card}?asOf={At(1, 12, 14, 29)}&axis=effective")));
        Assert.Equal(10m, Leaf11(await Get($"{Card}?asOf={At(1, 12, 14, 31)}&axis=effective")));
        var inForce = await Get($"/api/years/2017/rankings/districts?asOf={At(1, 13, 0, 0)}&axis=effective");
        Assert.Equal(["van-quan", "huu-lung"], inForce["entries"]!.AsArray().Select(e => e!["agency"]!.GetValue<string>()));
        var earlier = await Get($"/api/years/2017/rankings/districts?asOf={At(1, 10, 0, 0)}&axis=effective");
        Assert.Equal(["huu-lung", "van-quan"], earlier["entries"]!.AsArray().Select(e => e!["agency"]!.GetValue<string>()));
        // Recorded axis: before today the ledger knew nothing of that year.
        AssertProblemNames(await Get($"/api/years/2017/rankings/districts?asOf={Iso(beforeRecording)}", 404), "asOf");
        Assert.Equal(10m, Leaf11(await Get(Card)));

        // The derivation shows when each step took effect; the explanation of a period in force names the decision.
        var step = (await Get($"{Card}/derivation"))["leaves"]!.AsArray().First(l => l!["code"]!.GetValue<string>() == "1.1")!["steps"]!.AsArray().Last()!;
        Assert.Equal(new DateTimeOffset(2018, 1, 12, 7, 30, 0, TimeSpan.Zero), step["effectiveAt"]!.GetValue<DateTimeOffset>());
        var explained = await Get($"/api/years/2017/rankings/districts/explain?from={At(1, 10, 0, 0)}&to={At(1, 13, 0, 0)}&axis=effective");
        var change = explained["changes"]!.AsArray().First(c => c!["agency"]!.GetValue<string>() == "huu-lung")!;
        Assert.Equal("QĐ 12/QĐ-HĐTĐ", change["events"]![0]!["decisionRef"]!.GetValue<string>());
        Assert.Equal("othersMoved", explained["changes"]!.AsArray().First(c => c!["agency"]!.GetValue<string>() == "van-quan")!["cause"]!.GetValue<string>());

        // The effective instant is sealed with the event: it is in the stored headers, and the chain still verifies.
        await using var session = Store.QuerySession();
        var stored = (await session.Events.FetchStreamAsync("scorecard-2017-huu-lung")).Last();
        Assert.Equal(new DateTimeOffset(2018, 1, 12, 7, 30, 0, TimeSpan.Zero), EffectiveTime.Of(stored));
        Assert.True((await Get("/api/integrity/verification"))["ok"]!.GetValue<bool>());
    }

    /// <summary>
    /// Block-wide reads in force take each scorecard's score from the score version its last commit in force left, or
    /// start from its last snapshot inside the cut and fold only the events after it: at every effective instant of the demo story (2016 and 2017 on their calendar, snapshots every
    /// 32 events), the scores are those of every event folded from the start.
    /// </summary>
    [Fact]
    public async Task in_force_reads_from_snapshots_give_what_every_event_folded_gives()
    {
        await EmptyLedger(); // the story is told only on an empty ledger, and defines its own blocks
        var connection = Store.Options.Tenancy.Default.Database.CreateConnection().ConnectionString;
        Assert.NotNull(await Demo.DemoStory.TellAsync(connection, Demo.DemoStory.Years(), Host.Services.GetRequiredService<Hosting.EventMacKey>().Key));
        await using var session = Store.QuerySession();
        var set = (await session.LoadAsync<Domain.Criteria.CriteriaSet>("criteria-set-2017-districts"))!;
        var keys = await session.Query<Domain.Scorecards.Scorecard>().Where(c => c.Year == 2017 && c.Block == "districts").Select(c => c.Id).ToListAsync();
        Assert.Equal(11, keys.Count);
        var now = new Cut(await Now(), TimeAxis.Effective);
        var instants = (await InForce.EventsAfterAsync(session, keys.ToDictionary(k => k, _ => 0L), now))
            .SelectMany(s => s.Value).Select(e => e.EffectiveAt ?? e.RecordedAt).Distinct().Order().ToList();
        Assert.True(instants.Count > 30, $"{instants.Count} effective instants");

        string Scores(IEnumerable<Domain.Scorecards.Scorecard> cards) => string.Join("; ", cards.OrderBy(c => c.Id, StringComparer.Ordinal)
            .Select(c => $"{c.Id} {System.Text.Json.JsonSerializer.Serialize(Domain.Scoring.ScoreSheet.Score(set.Rules, c.Entries()).Summary())}"));
        var (snapshotted, fromVersions) = (0, 0);
        foreach (var t in instants)
        {
            var cut = new Cut(t, TimeAxis.Effective);
            var everyEvent = (await InForce.EventsAfterAsync(session, keys.ToDictionary(k => k, _ => 0L), cut))
                .Select(s => s.Value.Aggregate((Domain.Scorecards.Scorecard?)null, (card, e) => Domain.Scorecards.Scorecard.Evolve(card, e.Data))!);
            var expected = Scores(everyEvent);
            Assert.Equal(expected, Scores(await InForce.ScorecardsAsync(session, keys, cut)));
            snapshotted = Math.Max(snapshotted, (await InForce.SnapshotsAsync(session, keys, cut)).Count);

            // The score history holds most of them: the version the commit ending each stream's events in force left.
            var (versions, toFold) = await InForce.ScoresAsync(session, keys, cut, set.SetId, set.RulesVersion);
            var fromHistory = versions.Select(v => $"{v.ScorecardId} {System.Text.Json.JsonSerializer.Serialize(v.Score)}")
                .Concat(Scores(await InForce.ScorecardsAsync(session, toFold, cut)).Split("; ", StringSplitOptions.RemoveEmptyEntries));
            Assert.Equal(expected, string.Join("; ", fromHistory.Order(StringComparer.Ordinal)));
            fromVersions += versions.Count;
        }
        Assert.Equal(11, snapshotted);
        Assert.True(fromVersions > instants.Count, $"{fromVersions} scores from the score history");
    }

    /// <summary>
    /// Where no event recorded at or after an instant took effect before it, the cut in force there holds exactly the
    /// events the recorded cut holds, and a block is read from the score history (<see cref="InForce.NarrowAsync"/>);
    /// one backdated decision across the instant makes the two differ, and the reading in force folds again.
    /// </summary>
    [Fact]
    public async Task a_block_in_force_where_nothing_was_backdated_reads_as_recorded_and_a_backdated_decision_makes_them_differ()
    {
        await TwoDistrictsSelfAssessed();
        await Task.Delay(1100);
        var t = await Now();
        var instant = new DateTimeOffset(t.UtcTicks - t.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
        await using var session = Store.QuerySession();
        Assert.Equal(TimeAxis.Recorded, (await InForce.NarrowAsync(session, new Cut(instant, TimeAxis.Effective))).Axis);
        string Entries(System.Text.Json.Nodes.JsonNode ranking) =>
            string.Join("; ", ranking["entries"]!.AsArray().Select(e => $"{e!["agency"]} {e["total"]}"));
        var url = $"/api/years/2017/rankings/districts?asOf={Iso(instant)}";
        Assert.Equal(Entries(await Get($"{url}&axis=recorded")), Entries(await Get($"{url}&axis=effective")));

        Assert.Equal(200, (await PostWith($"{Card}/adjustments", Adjustment, ("Effective-At", instant.ToString("yyyy-MM-ddTHH:mm:ssZ")))).Status);
        Assert.Equal(TimeAxis.Effective, (await InForce.NarrowAsync(session, new Cut(instant, TimeAxis.Effective))).Axis);
        Assert.Equal(TimeAxis.Recorded, (await InForce.NarrowAsync(session, new Cut(await Now(), TimeAxis.Effective))).Axis);
        var (recorded, inForce) = (Entries(await Get($"{url}&axis=recorded")), Entries(await Get($"{url}&axis=effective")));
        Assert.NotEqual(recorded, inForce);
        Assert.Equal(Entries(await Get("/api/years/2017/rankings/districts")), inForce);
    }

    /// <summary>The seal's list of backdated events is audited like a projection: a row removed by the database's owner is found.</summary>
    [Fact]
    public async Task a_backdated_event_missing_from_the_seals_list_is_found_by_verification()
    {
        await PastYearBroughtIn();
        Assert.True((await Get("/api/integrity/verification"))["ok"]!.GetValue<bool>());
        await using (var conn = new Npgsql.NpgsqlConnection(OwnerConnection))
        {
            await conn.OpenAsync();
            await using var cmd = new Npgsql.NpgsqlCommand("delete from cchc.backdated_events where seq_id = (select max(seq_id) from cchc.backdated_events)", conn);
            Assert.Equal(1, await cmd.ExecuteNonQueryAsync());
        }
        var report = await Get("/api/integrity/verification");
        Assert.False(report["ok"]!.GetValue<bool>());
        Assert.Equal("projection", report["firstFailure"]!["kind"]!.GetValue<string>());
        Assert.Contains("backdated_events", report["firstFailure"]!["detail"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("2099-01-01T00:00:00Z", 400)]                 // later than the recording
    [InlineData("2016-01-01T00:00:00+07:00", 400)]            // before the scorecard's previous event took effect
    [InlineData("hôm qua", 400)]
    [InlineData("2018-01-12", 400)]                           // a date without a time and offset is ambiguous
    public async Task an_effective_instant_the_ledger_cannot_record_is_refused_naming_the_header_and_writes_nothing(string header, int expected)
    {
        await TwoDistrictsSelfAssessed();
        var before = await EventCount();
        var (status, problem, _) = await PostWith($"{Card}/adjustments", Adjustment, ("Effective-At", header));
        Assert.Equal(expected, status);
        AssertProblemNames(problem, "Effective-At");
        Assert.Equal(before, await EventCount());
    }

    [Fact]
    public async Task an_agency_officer_cannot_backdate_its_own_entries()
    {
        await SmallSetAdopted();
        await AgencyRegistered("huu-lung", "UBND huyện Hữu Lũng");
        var before = await EventCount();
        var (status, problem, _) = await PostWith($"{Card}/self-scores", new { criterion = "1.1", points = 10, explanation = "x" }, ("Effective-At", "2017-12-01T09:00:00+07:00"));
        Assert.Equal(403, status);
        AssertProblemNames(problem, "Effective-At");
        Assert.Equal(before, await EventCount());
    }

    [Fact]
    public async Task an_unknown_axis_is_a_400_naming_it()
    {
        await TwoDistrictsSelfAssessed();
        AssertProblemNames(await Get($"{Card}?asOf={Iso(DateTimeOffset.UtcNow.AddMinutes(-1))}&axis=tomorrow", 400), "axis");
    }
}
