using CchcLedger.Domain.Criteria;
using static CchcLedger.Domain.Tests.Rules;

namespace CchcLedger.Domain.Tests;

public class AmendmentTests
{
    private static readonly CriteriaSet Set = new("criteria-set-2017-districts", "2017-districts", 2017, "districts", "Bộ chỉ số 2017", Sample(), 1, true, "QĐ 1");

    private static Decision Amend(params RulesChange[] changes) => CriteriaAmendments.Amend(Set, new AmendCriteriaSet("Đính chính", "QĐ 30/QĐ-UBND", changes));

    private static CriteriaRules Amended(params RulesChange[] changes)
    {
        var decision = Amend(changes);
        Assert.Null(decision.Refusal);
        var amended = Assert.IsType<CriteriaSetAmended>(Assert.Single(decision.Events));
        Assert.Equal(2, amended.RulesVersion);
        return amended.Rules;
    }

    [Fact]
    public void changes_apply_together_as_the_next_rules_version()
    {
        var rules = Amended(
            new RulesChange(RulesChangeKinds.ChangeMax, "1.1", Max: 16),
            new RulesChange(RulesChangeKinds.AddCriterion, Parent: "1", Node: Scale("1.7", 4, 1)),
            new RulesChange(RulesChangeKinds.ChangeBands, "1.3", Bands: [new Band(90, 10), new Band(50, 4), new Band(0, 0)]),
            new RulesChange(RulesChangeKinds.ChangeRounding, Rounding: new RoundingRule(1, RoundingMode.HalfEven)));
        Assert.Equal(16m, rules.Find("1.1")!.Max);
        Assert.Equal(4m, rules.Find("1.7")!.Max);
        Assert.Equal(90m, rules.Find("1.3")!.Bands![0].Min);
        Assert.Equal(1, rules.Rounding.Decimals);
        Assert.Equal(Sample().Leaves().Count() + 1, rules.Leaves().Count());
    }

    [Fact]
    public void a_retired_criterion_leaves_the_tree_and_its_code_is_never_used_again()
    {
        var rules = Amended(new RulesChange(RulesChangeKinds.RetireCriterion, "1.5"));
        Assert.Null(rules.Find("1.5"));
        Assert.Equal(["1.5"], rules.Retired);

        var set = Set with { Rules = rules, RulesVersion = 2 };
        var reused = CriteriaAmendments.Amend(set, new("Thêm lại", "QĐ 31", [new RulesChange(RulesChangeKinds.AddCriterion, Parent: "1", Node: Bonus("1.5", 5))]));
        Assert.Equal("changes[0].node.code", reused.Refusal!.Field);
    }

    [Theory]
    [MemberData(nameof(Inconsistent))]
    public void a_change_that_leaves_the_set_inconsistent_is_refused_naming_it(RulesChange change, string field, string words)
    {
        var refusal = Amend(change).Refusal!;
        Assert.Equal((RefusalKind.Invalid, field), (refusal.Kind, refusal.Field));
        Assert.Contains(words, refusal.Reason);
    }

    public static TheoryData<RulesChange, string, string> Inconsistent() => new()
    {
        // A leaf with no maximum.
        { new RulesChange(RulesChangeKinds.AddCriterion, Parent: "1", Node: new CriterionNode("1.7", "Không có điểm tối đa", 0, LeafMethod.Scale, 1)), "changes[0].node.max", "greater than 0" },
        // A band list that does not cover 0–100.
        { new RulesChange(RulesChangeKinds.ChangeBands, "1.3", Bands: [new Band(90, 10), new Band(50, 5)]), "changes", "1.3" },
        // A code used twice.
        { new RulesChange(RulesChangeKinds.AddCriterion, Parent: "1", Node: Scale("1.2", 5, 1)), "changes[0].node.code", "used twice" },
        { new RulesChange(RulesChangeKinds.ChangeMax, "9.9", Max: 5), "changes[0].criterion", "not a criterion" },
        { new RulesChange("rewriteEverything"), "changes[0].kind", "must be one of" },
        { new RulesChange(RulesChangeKinds.ChangeMethod, "1", Method: LeafMethod.Scale), "changes[0].criterion", "only a leaf" },
    };

    [Fact]
    public void a_child_under_a_node_retired_earlier_in_the_same_amendment_is_refused()
    {
        var refusal = Amend(
            new RulesChange(RulesChangeKinds.RetireCriterion, "2"),
            new RulesChange(RulesChangeKinds.AddCriterion, Parent: "2", Node: Survey("2.2", 5))).Refusal!;
        Assert.Equal("changes[1].parent", refusal.Field);
        Assert.Contains("retired", refusal.Reason);
    }

    [Fact]
    public void an_amendment_needs_its_reason_and_decision()
    {
        Assert.Equal("reason", CriteriaAmendments.Amend(Set, new(null, "QĐ 1", [new RulesChange(RulesChangeKinds.ChangeMax, "1.1", Max: 16)])).Refusal!.Field);
        Assert.Equal("decisionRef", CriteriaAmendments.Amend(Set, new("Lý do", " ", [new RulesChange(RulesChangeKinds.ChangeMax, "1.1", Max: 16)])).Refusal!.Field);
        Assert.Equal("changes", CriteriaAmendments.Amend(Set, new("Lý do", "QĐ 1", [])).Refusal!.Field);
    }

    [Fact]
    public void the_diff_names_every_change_between_two_versions()
    {
        var after = Amended(
            new RulesChange(RulesChangeKinds.ChangeMax, "1.1", Max: 16),
            new RulesChange(RulesChangeKinds.RetireCriterion, "1.5"),
            new RulesChange(RulesChangeKinds.AddCriterion, Parent: "1", Node: Scale("1.7", 4, 1)),
            new RulesChange(RulesChangeKinds.ChangeTieRule, TieRule: new TieRule(TieRule.Areas, ["2"])));
        var diff = RulesDiff.Between(Sample(), after).Select(d => (d.Kind, d.Criterion, d.Field)).ToList();
        Assert.Equal([("changed", "1.1", "max"), ("retired", "1.5", null), ("added", "1.7", null), ("tieRule", null, null)], diff);
    }

    [Fact]
    public void a_copy_starts_from_the_source_version_and_names_it()
    {
        var decision = CriteriaSetDecisions.Draft(null, new DraftCriteriaSet("2018-districts", 2018, null, "Bộ chỉ số 2018", null, null, null, null, "2017-districts"), TestBlocks, Set);
        var drafted = Assert.IsType<CriteriaSetDrafted>(Assert.Single(decision.Events));
        Assert.Equal(("districts", new SetRef("2017-districts", 1)), (drafted.Block, drafted.CopiedFrom));
        Assert.Equal(Set.Rules.Leaves().Select(l => l.Code), drafted.Rules.Leaves().Select(l => l.Code));

        var both = CriteriaSetDecisions.Draft(null, new DraftCriteriaSet("2018-districts", 2018, null, "Bộ chỉ số 2018", Sample().Areas, null, null, null, "2017-districts"), TestBlocks, Set);
        Assert.Equal("copyFrom", both.Refusal!.Field);
    }

    [Fact]
    public void titles_in_the_changes_and_the_rules_are_stored_nfc()
    {
        var decomposed = "Ứng dụng công nghệ thông tin".Normalize(System.Text.NormalizationForm.FormD);
        var amended = Assert.IsType<CriteriaSetAmended>(Assert.Single(Amend(
            new RulesChange(RulesChangeKinds.RenameCriterion, "1.1", Title: decomposed),
            new RulesChange(RulesChangeKinds.AddCriterion, Parent: "1", Node: Scale("1.7", 4, 1) with { Title = decomposed })).Events));
        var nfc = decomposed.Normalize(System.Text.NormalizationForm.FormC);
        Assert.NotEqual(nfc, decomposed);
        Assert.Equal([nfc, nfc], amended.Changes.Select(c => c.Title ?? c.Node!.Title));
        Assert.Equal([nfc, nfc], new[] { amended.Rules.Find("1.1")!.Title, amended.Rules.Find("1.7")!.Title });
    }
}
