using CchcLedger.Domain.Scorecards;
using CchcLedger.Domain.Scoring;

namespace CchcLedger.Domain.Tests;

public sealed class ScorecardValuesTests
{
    private static readonly Criteria.CriteriaRules Sample = Rules.Sample();

    /// <summary>A card with every kind of value (points, ratio, count, negative), an upheld and an open appeal, submitted.</summary>
    private static Scorecard Card()
    {
        object[] events =
        [
            new ScorecardOpened("scorecard-2017-huu-lung", 2017, "huu-lung", "districts", "2017-districts"),
            new SelfScoreEntered("1.1", LeafValue.OfPoints(18.5m), [new Evidence("Kế hoạch", "KH-01")], null),
            new SelfScoreEntered("1.2", LeafValue.OfRatio(7, 9), [], "Không có"),
            new SelfScoreEntered("1.3", LeafValue.OfRatio(17, 20), [], "x"),
            new SelfScoreEntered("1.4", LeafValue.OfCount(6), [], "x"),
            new SelfScoreEntered("1.5", LeafValue.OfPoints(5), [], "x"),
            new SelfScoreEntered("1.6", LeafValue.OfPoints(-1.5m), [], "x"),
            new SelfAssessmentSubmitted(6),
            new AppraisalRecorded("1.1", LeafValue.OfPoints(16), false, "Thiếu tài liệu"),
            new SurveyPointsEntered("2.1", LeafValue.OfPoints(40.25m), "SIPAS"),
            new AppealFiled("2017-huu-lung-1", "1.1", 1, 16, 18.5m, "Đề nghị chấm lại", []),
            new AppealDecided("2017-huu-lung-1", "1.1", "partlyUpheld", 17.5m, "Một phần", "BB 03", 9, 6, 3),
            new AppealFiled("2017-huu-lung-2", "1.6", 1, -1.5m, 0, "Không vi phạm", []),
        ];
        return events.Aggregate((Scorecard?)null, Scorecard.Evolve)!;
    }

    [Fact]
    public void a_scorecards_values_read_back_score_exactly_as_the_scorecard_and_carry_on_with_later_events()
    {
        var card = Card();
        var read = ScorecardValues.Read(ScorecardValues.Write(card));

        Assert.Equal((card.Id, card.Year, card.Agency, card.Block, card.CriteriaSetId, card.Submitted), (read.Id, read.Year, read.Agency, read.Block, read.CriteriaSetId, read.Submitted));
        Assert.Equal(card.Entries().OrderBy(e => e.Key), read.Entries().OrderBy(e => e.Key));
        Assert.Equal(card.Appeals!.Values, read.Appeals!.Values);
        Assert.Equal(ScoreSheet.Score(Sample, card.Entries()).Total, ScoreSheet.Score(Sample, read.Entries()).Total);
        Assert.Null(read.Leaf("1.1").Evidence); // evidence and notes are not values: left out

        var later = new AppealDecided("2017-huu-lung-2", "1.6", "upheld", 0, "Chấp nhận", "BB 04", 9, 9, 0);
        Assert.Equal(Scorecard.Evolve(card, later)!.Entries().OrderBy(e => e.Key), Scorecard.Evolve(read, later)!.Entries().OrderBy(e => e.Key));
    }

    [Fact]
    public void the_total_alone_is_the_total_of_the_scored_sheet_at_every_step()
    {
        object[] events =
        [
            new ScorecardOpened("scorecard-2017-x", 2017, "x", "districts", "s"),
            new SelfScoreEntered("1.1", LeafValue.OfPoints(20), [], "x"),
            new SelfScoreEntered("1.4", LeafValue.OfCount(12), [], "x"),
            new SelfScoreEntered("1.2", LeafValue.OfRatio(10, 10), [], "x"),
            new SelfScoreEntered("1.3", LeafValue.OfRatio(20, 20), [], "x"),   // area 1 now above its cap of 55
            new SelfScoreEntered("1.5", LeafValue.OfPoints(5), [], "x"),
            new SelfScoreEntered("1.6", LeafValue.OfPoints(-3), [], "x"),
            new SurveyPointsEntered("2.1", LeafValue.OfPoints(44.75m), null),
            new AppraisalRecorded("1.1", LeafValue.OfPoints(2.5m), false, "x"),
        ];
        Scorecard? card = null;
        foreach (var e in events)
        {
            card = Scorecard.Evolve(card, e)!;
            var entries = card.Entries();
            Assert.Equal(ScoreSheet.Score(Sample, entries).Total, ScoreSheet.TotalOf(Sample, code => entries.TryGetValue(code, out var x) ? x : null));
        }
    }
}
