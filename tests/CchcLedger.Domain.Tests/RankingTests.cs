using CchcLedger.Domain.Criteria;
using CchcLedger.Domain.Scoring;
using static CchcLedger.Domain.Tests.Rules;

namespace CchcLedger.Domain.Tests;

public class RankingTests
{
    private static readonly CriteriaRules Two = Of(Node("1", 50, Scale("1.1", 50, 0.25m)), Node("2", 50, Scale("2.1", 50, 0.25m)));

    private static RankingCandidate Agency(string code, decimal area1, decimal area2) =>
        new(code, $"UBND {code}", ScoreSheet.Score(Two, new Dictionary<string, LeafEntries>
        {
            ["1.1"] = new(Self: LeafValue.OfPoints(area1)), ["2.1"] = new(Self: LeafValue.OfPoints(area2)),
        }).Summary());

    [Fact]
    public void agencies_are_ranked_by_total_descending()
    {
        var ranked = Ranking.Rank([Agency("a", 30, 30), Agency("b", 40, 45), Agency("c", 35, 35)], TieRule.Default);
        Assert.Equal(["b", "c", "a"], ranked.Select(r => r.Agency));
        Assert.Equal([1, 2, 3], ranked.Select(r => r.Rank));
    }

    [Fact]
    public void equal_totals_share_a_rank_and_the_next_rank_skips()
    {
        var ranked = Ranking.Rank([Agency("a", 40, 40), Agency("b", 45, 35), Agency("c", 50, 40), Agency("d", 10, 10)], TieRule.Default);
        Assert.Equal([("c", 1), ("a", 2), ("b", 2), ("d", 4)], ranked.Select(r => (r.Agency, r.Rank)));
    }

    [Fact]
    public void the_areas_tie_rule_orders_equal_totals_by_the_listed_areas()
    {
        var rule = new TieRule(TieRule.Areas, ["2"]);
        var ranked = Ranking.Rank([Agency("a", 45, 35), Agency("b", 35, 45), Agency("c", 40, 40)], rule);
        Assert.Equal([("b", 1), ("c", 2), ("a", 3)], ranked.Select(r => (r.Agency, r.Rank)));
    }

    [Fact]
    public void agencies_equal_on_total_and_every_tie_area_still_share_a_rank()
    {
        var rule = new TieRule(TieRule.Areas, ["1"]);
        var ranked = Ranking.Rank([Agency("a", 40, 40), Agency("b", 40, 40), Agency("c", 45, 30)], rule);
        Assert.Equal([("a", 1), ("b", 1), ("c", 3)], ranked.Select(r => (r.Agency, r.Rank)));
    }
}
