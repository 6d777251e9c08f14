using CchcLedger.Domain.Criteria;
using CchcLedger.Domain.Scoring;
using static CchcLedger.Domain.Tests.Rules;

namespace CchcLedger.Domain.Tests;

public class WhatIfTests
{
    private static WhatIfCard Card(string agency, decimal scale, decimal survey) => new(agency, agency, new Dictionary<string, LeafEntries>
    {
        ["1.1"] = new(Appraised: LeafValue.OfPoints(scale)),
        ["1.2"] = new(Appraised: LeafValue.OfRatio(1, 2)),
        ["2.1"] = new(Survey: LeafValue.OfPoints(survey)),
    });

    [Fact]
    public void entries_are_scored_leaf_by_leaf_under_the_other_rules_beside_the_official_result()
    {
        var official = Of(Node("1", 60, Scale("1.1", 20, 1), Ratio("1.2", 40)), Node("2", 40, Survey("2.1", 40)));
        // Next year: 1.1 weighs 40, 1.2 becomes a scale leaf, 2.1 is gone, 3.1 is new.
        var other = Of(Node("1", 60, Scale("1.1", 40, 1), Scale("1.2", 20, 1)), Node("3", 40, Survey("3.1", 40)));
        var result = WhatIf.Compute(official, other, [Card("a", 20, 10), Card("b", 10, 40)]);

        var a = result.Entries.Single(e => e.Agency == "a");
        var b = result.Entries.Single(e => e.Agency == "b");
        Assert.Equal((20m + 20m + 10m, 20m), (a.OfficialTotal, a.Total));          // 1.2's ratio cannot be scored as points
        Assert.Equal((10m + 20m + 40m, 10m), (b.OfficialTotal, b.Total));
        Assert.Equal((2, 1, 1), (a.OfficialRank, a.Rank, a.RankChange));
        Assert.Equal(-30m, a.TotalChange);

        Assert.Equal(
            [("1.2", "methodMismatch", "a,b"), ("2.1", "officialOnly", "a,b"), ("3.1", "rulesOnly", "")],
            result.Unmatched.Select(u => (u.Code, u.Side, string.Join(",", u.Agencies))));
    }
}
