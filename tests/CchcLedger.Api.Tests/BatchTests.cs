namespace CchcLedger.Api.Tests;

/// <summary>A phase of a whole scorecard, or a block's survey points, in one request: all or nothing, refusals naming the item.</summary>
public sealed class BatchTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    private const string HuuLung = "/api/years/2017/scorecards/huu-lung";

    private static object[] SelfScores(decimal scale = 18) =>
    [
        new { criterion = "1.1", points = scale, evidence = Evidence },
        new { criterion = "1.2", numerator = 9, denominator = 10, evidence = Evidence },
        new { criterion = "1.3", count = 4, evidence = Evidence },
        new { criterion = "1.4", points = 0, explanation = "Không có khen thưởng" },
        new { criterion = "1.5", points = 0, explanation = "Không vi phạm" },
    ];

    private async Task TwoDistricts()
    {
        await SmallSetAdopted();
        await AgencyRegistered("huu-lung", "UBND huyện Hữu Lũng");
        await AgencyRegistered("van-quan", "UBND huyện Văn Quan");
    }

    [Fact]
    public async Task a_whole_self_assessment_and_its_submission_are_one_request_and_one_commit()
    {
        await TwoDistricts();
        var before = await EventCount();
        var card = await Post($"{HuuLung}/self-scores/batch", new { items = SelfScores(), submit = true });
        Assert.Equal(before + 7, await EventCount()); // opened, five self-scores, submitted
        Assert.True(card["submitted"]!.GetValue<bool>());
        Assert.Equal(18 + 18 + 20 + 0 + 0, Dec(card["total"]));

        var appraised = await Post($"{HuuLung}/appraisals/batch", new
        {
            items = new object[]
            {
                new { criterion = "1.1", points = 15, note = "Kế hoạch ban hành chậm" },
                new { criterion = "1.2", accept = true }, new { criterion = "1.3", accept = true },
                new { criterion = "1.4", accept = true }, new { criterion = "1.5", accept = true },
            },
        });
        Assert.Equal(15 + 18 + 20, Dec(appraised["total"]));
        await using var session = Store.QuerySession();
        var instants = (await session.Events.FetchStreamAsync("scorecard-2017-huu-lung")).Skip(7).Select(e => e.Timestamp).Distinct().ToList();
        Assert.Single(instants); // one commit: one recorded instant
    }

    [Fact]
    public async Task every_refused_item_is_named_and_nothing_of_the_batch_is_written()
    {
        await TwoDistricts();
        var items = SelfScores().ToList();
        items[1] = new { criterion = "1.2", numerator = 9, denominator = 0, evidence = Evidence };
        items[3] = new { criterion = "1.4", points = 99, explanation = "Quá trần" };
        items.Add(new { criterion = "9.9", points = 1, explanation = "Không có tiêu chí này" });
        var before = await EventCount();
        var problem = await Post($"{HuuLung}/self-scores/batch", new { items }, 400);
        AssertProblemNames(problem, "items[1].denominator");
        AssertProblemNames(problem, "items[3].points");
        AssertProblemNames(problem, "items[5].criterion");
        Assert.Equal(before, await EventCount());

        await Refused(() => Post($"{HuuLung}/self-scores/batch", new { items = Array.Empty<object>() }, 400), "items", before);
        await Refused(() => Post($"{HuuLung}/self-scores/batch", new { items = new object?[] { SelfScores()[0], null } }, 400), "items[1]", before);
        // Submitting with a leaf missing: the submission is named.
        await Refused(() => Post($"{HuuLung}/self-scores/batch", new { items = SelfScores().Take(4), submit = true }, 409), "submit", before);
    }

    [Fact]
    public async Task a_blocks_survey_points_are_one_request_and_one_commit_or_nothing()
    {
        await TwoDistricts();
        await AgencyRegistered("so-noi-vu", "Sở Nội vụ", "departments");
        const string url = "/api/years/2017/rankings/districts/survey-scores";
        var before = await EventCount();
        var problem = await Post(url, new
        {
            items = new object[]
            {
                new { agency = "huu-lung", criterion = "2.1", points = 30 },
                new { agency = "van-quan", criterion = "2.1", points = 41 },
                new { agency = "so-noi-vu", criterion = "2.1", points = 30 },
                new { agency = "bac-son", criterion = "2.1", points = 30 },
                new { agency = "van-quan", criterion = "1.1", points = 10 },
            },
        }, 400);
        AssertProblemNames(problem, "items[1].points");
        AssertProblemNames(problem, "items[2].agency");
        AssertProblemNames(problem, "items[3].agency");
        AssertProblemNames(problem, "items[4].criterion");
        Assert.Equal(before, await EventCount());

        var written = await Post(url, new { items = new object[] { new { agency = "huu-lung", criterion = "2.1", points = 30 }, new { agency = "van-quan", criterion = "2.1", points = 35.5 } } });
        Assert.Equal((2, 2), (written["scorecards"]!.GetValue<int>(), written["entries"]!.GetValue<int>()));
        Assert.Equal(before + 4, await EventCount()); // two scorecards opened, two survey entries
        Assert.Equal(35.5m, Dec((await Get("/api/years/2017/scorecards/van-quan"))["total"]));
    }

    [Fact]
    public async Task a_batch_retried_under_its_idempotency_key_is_written_once()
    {
        await TwoDistricts();
        var key = Guid.NewGuid().ToString();
        var first = await PostWith($"{HuuLung}/self-scores/batch", new { items = SelfScores() }, ("Idempotency-Key", key));
        Assert.Equal(200, first.Status);
        var after = await EventCount();
        var again = await PostWith($"{HuuLung}/self-scores/batch", new { items = SelfScores() }, ("Idempotency-Key", key));
        Assert.Equal((200, "true"), (again.Status, again.Response.Headers.GetValues("Idempotent-Replayed").Single()));
        Assert.Equal(after, await EventCount());
    }
}
