using CchcLedger.Domain.Criteria;
using CchcLedger.Domain.Scoring;
using static CchcLedger.Domain.Tests.Rules;

namespace CchcLedger.Domain.Tests;

public class ScoringTests
{
    private static Dictionary<string, LeafEntries> Finals(params (string Code, LeafValue Value)[] values) =>
        values.ToDictionary(v => v.Code, v => new LeafEntries(Self: v.Value));

    [Fact]
    public void a_node_is_capped_at_its_maximum_when_its_children_add_up_to_more()
    {
        var rules = Sample();
        var sheet = ScoreSheet.Score(rules, Finals(
            ("1.1", LeafValue.OfPoints(20)), ("1.2", LeafValue.OfRatio(1, 1)), ("1.3", LeafValue.OfRatio(10, 10)),
            ("1.4", LeafValue.OfCount(12)), ("1.5", LeafValue.OfPoints(5))));

        var area = sheet.Areas.Single(a => a.Code == "1");
        Assert.Equal(55m, area.Points);
        Assert.True(area.Capped);
        Assert.Equal(55m, sheet.Total);
    }

    [Fact]
    public void a_node_never_goes_below_zero_even_with_penalties()
    {
        var rules = Of(Node("1", 10, Scale("1.1", 10, 1), Penalty("1.2", 3)), Node("2", 90, Survey("2.1", 90)));
        var sheet = ScoreSheet.Score(rules, Finals(("1.1", LeafValue.OfPoints(1)), ("1.2", LeafValue.OfPoints(-3))));
        Assert.Equal(0m, sheet.Summary().Area("1"));
    }

    [Fact]
    public void a_penalty_subtracts_from_its_node()
    {
        var sheet = ScoreSheet.Score(Sample(), Finals(("1.1", LeafValue.OfPoints(10)), ("1.6", LeafValue.OfPoints(-1.5m))));
        Assert.Equal(8.5m, sheet.Summary().Area("1"));
    }

    [Theory]
    [InlineData(5, 6, 8.33)]   // 10 × 5/6 = 8.3333… rounds half up to 8.33
    [InlineData(1, 8, 1.25)]   // exact, 1.25
    [InlineData(1, 3, 3.33)]
    [InlineData(2, 3, 6.67)]
    [InlineData(0, 7, 0)]
    public void a_ratio_gives_max_times_the_ratio_rounded_as_the_set_says(int numerator, int denominator, decimal expected)
    {
        var leaf = Ratio("1.2", 10);
        Assert.Equal(expected, LeafValue.OfRatio(numerator, denominator).PointsFor(leaf, RoundingRule.Default));
    }

    [Fact]
    public void rounding_modes_differ_only_where_they_should()
    {
        var leaf = Ratio("x", 1);
        var half = LeafValue.OfRatio(1, 8); // 0.125
        Assert.Equal(0.13m, half.PointsFor(leaf, new RoundingRule(2, RoundingMode.HalfUp)));
        Assert.Equal(0.12m, half.PointsFor(leaf, new RoundingRule(2, RoundingMode.HalfEven)));
        Assert.Equal(0.12m, half.PointsFor(leaf, new RoundingRule(2, RoundingMode.Down)));
        Assert.Equal(0.1m, half.PointsFor(leaf, new RoundingRule(1, RoundingMode.HalfUp)));
    }

    [Theory]
    [InlineData(10, 10, 10)]   // 100%
    [InlineData(8, 10, 5)]     // exactly 80% reaches the 80 band
    [InlineData(79, 100, 0)]   // 79% does not
    [InlineData(4, 5, 5)]
    [InlineData(0, 5, 0)]
    public void bands_on_a_ratio_take_the_highest_band_reached(int numerator, int denominator, decimal expected)
    {
        var leaf = RatioBands("1.3", 10, (100, 10), (80, 5), (0, 0));
        Assert.Equal(expected, LeafValue.OfRatio(numerator, denominator).PointsFor(leaf, RoundingRule.Default));
    }

    [Fact]
    public void bands_on_a_ratio_compare_exactly_not_in_floating_point()
    {
        // 2/3 = 66.666…% must not reach a 66.67 band; 0.1 + 0.2 style errors would make it flip.
        var leaf = RatioBands("x", 2, (66.67m, 2), (0, 0));
        Assert.Equal(0m, LeafValue.OfRatio(2, 3).PointsFor(leaf, RoundingRule.Default));
        Assert.Equal(2m, LeafValue.OfRatio(6667, 10000).PointsFor(leaf, RoundingRule.Default));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 5)]
    [InlineData(4, 5)]
    [InlineData(5, 10)]
    [InlineData(10, 15)]
    [InlineData(25, 15)]
    public void bands_on_a_count_take_the_highest_band_reached(int count, decimal expected)
    {
        var leaf = CountBands("1.4", 15, (10, 15), (5, 10), (1, 5), (0, 0));
        Assert.Equal(expected, LeafValue.OfCount(count).PointsFor(leaf, RoundingRule.Default));
    }

    [Fact]
    public void the_final_value_is_the_adjustment_over_the_appraisal_over_the_self_score()
    {
        var self = LeafValue.OfPoints(10);
        var appraised = LeafValue.OfPoints(8);
        var adjusted = LeafValue.OfPoints(9);
        Assert.Equal(self, new LeafEntries(self).Final);
        Assert.Equal(appraised, new LeafEntries(self, appraised).Final);
        Assert.Equal(adjusted, new LeafEntries(self, appraised, adjusted).Final);

        var sheet = ScoreSheet.Score(Sample(), new Dictionary<string, LeafEntries> { ["1.1"] = new(self, appraised) });
        var leaf = sheet.Areas[0].Children.Single(c => c.Code == "1.1");
        Assert.Equal((10m, 8m, 8m), (leaf.Self!.Value, leaf.Appraised!.Value, leaf.Final!.Value));
    }

    [Fact]
    public void survey_points_count_for_survey_leaves()
    {
        var sheet = ScoreSheet.Score(Sample(), new Dictionary<string, LeafEntries> { ["2.1"] = new(Survey: LeafValue.OfPoints(31.5m)) });
        Assert.Equal(31.5m, sheet.Total);
    }

    [Theory]
    [InlineData("80.00", "Tốt")]
    [InlineData("79.99", "Khá")]
    [InlineData("65", "Khá")]
    [InlineData("64.99", "Trung bình")]
    [InlineData("50", "Trung bình")]
    [InlineData("49.99", "Yếu")]
    [InlineData("0", "Yếu")]
    public void class_boundaries_are_inclusive_at_the_minimum(string index, string expected)
    {
        Assert.Equal(expected, Sample().Classify(decimal.Parse(index, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void a_total_of_exactly_80_points_is_classed_tot_and_79_99_is_kha()
    {
        var rules = Of(Node("1", 60, Scale("1.1", 60, 0.01m)), Node("2", 40, Survey("2.1", 40)));
        ScoreSheet Total(decimal a, decimal b) => ScoreSheet.Score(rules, new Dictionary<string, LeafEntries>
        {
            ["1.1"] = new(Self: LeafValue.OfPoints(a)), ["2.1"] = new(Survey: LeafValue.OfPoints(b)),
        });
        Assert.Equal(("Tốt", 80.00m), (Total(50, 30).Classification, Total(50, 30).Index));
        Assert.Equal(("Khá", 79.99m), (Total(49.99m, 30).Classification, Total(49.99m, 30).Index));
    }

    [Fact]
    public void the_index_is_the_total_as_a_percentage_of_the_maximum()
    {
        var rules = Of(Node("1", 50, Scale("1.1", 50, 0.5m)));
        var sheet = ScoreSheet.Score(rules, Finals(("1.1", LeafValue.OfPoints(40))));
        Assert.Equal((40m, 50m, 80m, "Tốt"), (sheet.Total, sheet.MaxPoints, sheet.Index, sheet.Classification));
    }

    [Fact]
    public void leaves_never_entered_count_zero()
    {
        var sheet = ScoreSheet.Score(Sample(), new Dictionary<string, LeafEntries>());
        Assert.Equal(0m, sheet.Total);
        Assert.All(sheet.Areas[0].Children, c => Assert.Null(c.Final));
    }
}
