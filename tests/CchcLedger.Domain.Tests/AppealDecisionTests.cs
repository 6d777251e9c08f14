using CchcLedger.Domain.Appeals;
using CchcLedger.Domain.Criteria;
using CchcLedger.Domain.Scorecards;
using CchcLedger.Domain.Scoring;
using static CchcLedger.Domain.Tests.Rules;

namespace CchcLedger.Domain.Tests;

public class AppealDecisionTests
{
    private static readonly CriteriaRules SampleRules = Sample();
    private static readonly CriteriaSet Set = new("criteria-set-2017-districts", "2017-districts", 2017, "districts", "Bộ chỉ số 2017", SampleRules, 1, true, "QĐ 1");
    private static readonly DateTimeOffset Issued = new(2018, 1, 10, 8, 0, 0, TimeSpan.FromHours(7));
    private static readonly ResultsRound Round = new("round-2017-districts", 2017, "districts", 1, Set.SetId, Issued, Issued.AddDays(10));

    private static Scorecard Given(params object[] events) =>
        new object[] { ScorecardDecisions.Open(2017, "huu-lung", Set), new SelfScoreEntered("1.1", LeafValue.OfPoints(12), [new Evidence("KH", "KH-1")], null) }
            .Concat(events).Aggregate((Scorecard?)null, Scorecard.Evolve)!;

    private static readonly FileAppeal OnLeaf11 = new("1.1", 15, "Có văn bản chứng minh");

    private static AppealFiled Filed(string id = "2017-huu-lung-1") => new(id, "1.1", 1, 12, 15, "Có văn bản chứng minh", []);

    private static DecideAppeal Vote(string outcome, decimal? points = null, int present = 7, int votesFor = 5, int votesAgainst = 2) =>
        new(outcome, points, "Xem xét lại", "QĐ 15", present, votesFor, votesAgainst);

    [Fact]
    public void an_appeal_inside_the_window_records_the_value_appealed_against()
    {
        var filed = Assert.IsType<AppealFiled>(Assert.Single(AppealDecisions.File(Given(), SampleRules, Round, OnLeaf11, Issued.AddDays(3)).Events));
        Assert.Equal(("2017-huu-lung-1", 12m, 15m), (filed.AppealId, filed.CurrentPoints, filed.RequestedPoints));
    }

    [Fact]
    public void an_appeal_after_the_window_is_refused()
    {
        var decision = AppealDecisions.File(Given(), SampleRules, Round, OnLeaf11, Issued.AddDays(10).AddSeconds(1));
        Assert.Equal((RefusalKind.Conflict, "year"), (decision.Refusal!.Kind, decision.Refusal.Field));
        Assert.Contains("closed", decision.Refusal.Reason);
    }

    [Fact]
    public void an_appeal_on_the_last_instant_of_the_window_is_accepted() =>
        Assert.False(AppealDecisions.File(Given(), SampleRules, Round, OnLeaf11, Round.WindowEnds!.Value).IsRefused);

    [Fact]
    public void an_upheld_appeal_sets_the_requested_value_and_a_rejected_one_changes_nothing()
    {
        var upheld = Given(Filed(), Assert.Single(AppealDecisions.Decide(Given(Filed()), "2017-huu-lung-1", Vote("upheld")).Events));
        Assert.Equal(15m, upheld.Leaf("1.1").ToEntries().Final!.Points);
        Assert.Equal("upheld", upheld.Appeal("2017-huu-lung-1")!.State);

        var rejected = Given(Filed(), Assert.Single(AppealDecisions.Decide(Given(Filed()), "2017-huu-lung-1", Vote("rejected")).Events));
        Assert.Equal(12m, rejected.Leaf("1.1").ToEntries().Final!.Points);
    }

    [Theory]
    [InlineData(7, 3, 4, "votesFor")]    // 3 of 7 is no majority
    [InlineData(6, 3, 3, "votesFor")]    // half is not more than half
    [InlineData(5, 4, 2, "votesAgainst")] // more votes than members present
    public void a_decision_without_a_majority_of_the_members_present_is_refused(int present, int votesFor, int votesAgainst, string field)
    {
        var decision = AppealDecisions.Decide(Given(Filed()), "2017-huu-lung-1", Vote("upheld", present: present, votesFor: votesFor, votesAgainst: votesAgainst));
        Assert.Equal((RefusalKind.Invalid, field), (decision.Refusal!.Kind, decision.Refusal.Field));
    }

    [Theory]
    [InlineData(12)]
    [InlineData(15)]
    [InlineData(16)]
    public void a_partly_upheld_value_must_lie_strictly_between_the_appealed_and_the_requested(decimal points) =>
        Assert.Equal("points", AppealDecisions.Decide(Given(Filed()), "2017-huu-lung-1", Vote("partlyUpheld", points)).Refusal!.Field);

    [Fact]
    public void a_withdrawn_appeal_cannot_be_decided_and_a_decided_one_cannot_be_withdrawn()
    {
        var withdrawn = Given(Filed(), new AppealWithdrawn("2017-huu-lung-1", null));
        Assert.Contains("is withdrawn", AppealDecisions.Decide(withdrawn, "2017-huu-lung-1", Vote("upheld")).Refusal!.Reason);
        var decided = Given(Filed(), new AppealDecided("2017-huu-lung-1", "1.1", "rejected", null, "Không có căn cứ", "QĐ 15", 7, 5, 2));
        Assert.Contains("is rejected", AppealDecisions.Withdraw(decided, "2017-huu-lung-1", new WithdrawAppeal()).Refusal!.Reason);
    }

    [Fact]
    public void once_the_round_is_published_appeals_wait_for_a_new_preliminary_round()
    {
        var published = ResultsRound.Evolve(Round, new Publications.RankingPublished(2017, "districts", 1, 1, null, new SetRef(Set.SetId, 1),
            Issued.AddDays(11), 100, "QĐ 20", [], "digest"))!;
        var refused = AppealDecisions.File(Given(), SampleRules, published, OnLeaf11, Issued.AddDays(3));
        Assert.Equal((RefusalKind.Conflict, "year"), (refused.Refusal!.Kind, refused.Refusal.Field));
        Assert.Contains("publication 1", refused.Refusal.Reason);

        var reopened = ResultsRound.Evolve(published, new PreliminaryResultsIssued(2017, "districts", 2, Set.SetId, Issued.AddDays(12), Issued.AddDays(20)))!;
        Assert.False(AppealDecisions.File(Given(), SampleRules, reopened, OnLeaf11, Issued.AddDays(13)).IsRefused);
    }
}
