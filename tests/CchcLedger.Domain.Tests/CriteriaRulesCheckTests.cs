using CchcLedger.Domain.Criteria;
using static CchcLedger.Domain.Tests.Rules;

namespace CchcLedger.Domain.Tests;

public class CriteriaRulesCheckTests
{
    [Fact]
    public void the_sample_set_is_consistent() => Assert.Null(CriteriaRulesCheck.Check(Sample()));

    [Fact]
    public void a_code_used_twice_is_refused()
    {
        var problem = CriteriaRulesCheck.Check(Of(Node("1", 10, Scale("1.1", 5, 1), Scale("1.1", 5, 1))));
        Assert.Equal(("areas[0].children[1].code", true), (problem!.Field, problem.Reason.Contains("used twice")));
    }

    [Fact]
    public void a_leaf_without_a_method_is_refused()
    {
        var problem = CriteriaRulesCheck.Check(Of(Node("1", 10, new CriterionNode("1.1", "Không có phương pháp", 10))));
        Assert.Equal("areas[0].children[0].method", problem!.Field);
    }

    [Fact]
    public void a_child_code_must_extend_its_parent_code()
    {
        var problem = CriteriaRulesCheck.Check(Of(Node("1", 10, Scale("2.1", 10, 1))));
        Assert.Equal("areas[0].children[0].code", problem!.Field);
    }

    [Fact]
    public void bands_that_do_not_start_at_zero_are_refused()
    {
        var problem = CriteriaRulesCheck.Check(Of(Node("1", 10, RatioBands("1.1", 10, (100, 10), (80, 5)))));
        Assert.Equal("areas[0].children[0].bands", problem!.Field);
    }

    [Fact]
    public void class_bands_must_cover_zero()
    {
        var rules = Sample() with { ClassBands = [new("Tốt", 80), new("Khá", 65)] };
        Assert.Equal("classBands", CriteriaRulesCheck.Check(rules)!.Field);
    }

    [Fact]
    public void a_step_that_does_not_divide_the_maximum_is_refused()
    {
        Assert.Equal("areas[0].children[0].step", CriteriaRulesCheck.Check(Of(Node("1", 10, Scale("1.1", 1, 0.3m))))!.Field);
    }

    [Fact]
    public void a_tie_rule_naming_an_unknown_area_is_refused()
    {
        var rules = Sample() with { TieRule = new TieRule(TieRule.Areas, ["9"]) };
        Assert.Equal("tieRule.areaOrder", CriteriaRulesCheck.Check(rules)!.Field);
    }

    [Fact]
    public void a_band_worth_more_than_its_leaf_is_refused()
    {
        Assert.Equal("areas[0].children[0].bands[0].points",
            CriteriaRulesCheck.Check(Of(Node("1", 10, RatioBands("1.1", 2, (100, 3), (0, 0)))))!.Field);
    }
}
