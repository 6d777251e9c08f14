using CchcLedger.Domain;
using CchcLedger.Domain.Criteria;
using CchcLedger.Domain.Scorecards;
using CchcLedger.Domain.Scoring;
using static CchcLedger.Domain.Tests.Rules;

namespace CchcLedger.Domain.Tests;

public class ScorecardDecisionTests
{
    private static readonly CriteriaRules SampleRules = Sample();
    private static readonly CriteriaSet Set = new("criteria-set-2017-districts", "2017-districts", 2017, "districts", "Bộ chỉ số 2017", SampleRules, 1, true, "QĐ 1/2017");

    private static Scorecard Given(params object[] events) =>
        new object[] { ScorecardDecisions.Open(2017, "huu-lung", Set) }.Concat(events).Aggregate((Scorecard?)null, Scorecard.Evolve)!;

    private static readonly EvidenceInput[] OneDocument = [new("Kế hoạch CCHC năm 2017", "KH-12/UBND")];

    private static object SelfScored(string code, LeafValue value) => new SelfScoreEntered(code, value, [new Evidence("Tài liệu", "TL-1")], null);

    private static Scorecard FullySelfScored(bool submitted) => Given(new object[]
    {
        SelfScored("1.1", LeafValue.OfPoints(15)), SelfScored("1.2", LeafValue.OfRatio(3, 4)), SelfScored("1.3", LeafValue.OfRatio(9, 10)),
        SelfScored("1.4", LeafValue.OfCount(6)), SelfScored("1.5", LeafValue.OfPoints(1)), SelfScored("1.6", LeafValue.OfPoints(0)),
    }.Concat(submitted ? [new SelfAssessmentSubmitted(6)] : []).ToArray());

    private static void Refused(Decision decision, RefusalKind kind, string field)
    {
        Assert.True(decision.IsRefused, "expected a refusal");
        Assert.Empty(decision.Events);
        Assert.Equal((kind, field), (decision.Refusal!.Kind, decision.Refusal.Field));
    }

    [Fact]
    public void a_self_score_with_evidence_is_entered_as_given()
    {
        var decision = ScorecardDecisions.EnterSelfScore(Given(), SampleRules, new EnterSelfScore("1.1", Points: 12.5m, Evidence: OneDocument));
        var entered = Assert.IsType<SelfScoreEntered>(Assert.Single(decision.Events));
        Assert.Equal(("1.1", 12.5m, "KH-12/UBND"), (entered.Criterion, entered.Value.Points!.Value, entered.Evidence[0].DocumentRef));
    }

    [Fact]
    public void a_self_score_without_evidence_needs_an_explanation() =>
        Refused(ScorecardDecisions.EnterSelfScore(Given(), SampleRules, new EnterSelfScore("1.1", Points: 10)), RefusalKind.Invalid, "explanation");

    [Fact]
    public void a_self_score_after_submission_is_refused() =>
        Refused(ScorecardDecisions.EnterSelfScore(FullySelfScored(submitted: true), SampleRules, new EnterSelfScore("1.1", Points: 10, Evidence: OneDocument)),
            RefusalKind.Conflict, "criterion");

    [Theory]
    [InlineData(-0.5, "points")]
    [InlineData(20.5, "points")]
    [InlineData(10.25, "points")] // off the 0.5 step
    public void points_out_of_range_or_off_the_step_are_refused(decimal points, string field) =>
        Refused(ScorecardDecisions.EnterSelfScore(Given(), SampleRules, new EnterSelfScore("1.1", Points: points, Evidence: OneDocument)), RefusalKind.Invalid, field);

    [Fact]
    public void an_unknown_criterion_is_not_found() =>
        Refused(ScorecardDecisions.EnterSelfScore(Given(), SampleRules, new EnterSelfScore("9.9", Points: 1, Evidence: OneDocument)), RefusalKind.NotFound, "criterion");

    [Fact]
    public void a_node_with_children_takes_no_points() =>
        Refused(ScorecardDecisions.EnterSelfScore(Given(), SampleRules, new EnterSelfScore("1", Points: 1, Evidence: OneDocument)), RefusalKind.Invalid, "criterion");

    [Fact]
    public void a_ratio_leaf_takes_a_numerator_and_a_denominator()
    {
        Refused(ScorecardDecisions.EnterSelfScore(Given(), SampleRules, new EnterSelfScore("1.2", Points: 5, Evidence: OneDocument)), RefusalKind.Invalid, "points");
        Refused(ScorecardDecisions.EnterSelfScore(Given(), SampleRules, new EnterSelfScore("1.2", Numerator: 5, Denominator: 0, Evidence: OneDocument)), RefusalKind.Invalid, "denominator");
        Refused(ScorecardDecisions.EnterSelfScore(Given(), SampleRules, new EnterSelfScore("1.2", Numerator: -1, Denominator: 5, Evidence: OneDocument)), RefusalKind.Invalid, "numerator");
        Refused(ScorecardDecisions.EnterSelfScore(Given(), SampleRules, new EnterSelfScore("1.2", Numerator: 1, Denominator: Numbers.MaxMeasure + 1, Evidence: OneDocument)), RefusalKind.Invalid, "denominator");
        Refused(ScorecardDecisions.EnterSelfScore(Given(), SampleRules, new EnterSelfScore("1.2", Numerator: 1.00001m, Denominator: 5, Evidence: OneDocument)), RefusalKind.Invalid, "numerator");
    }

    [Fact]
    public void a_numerator_above_its_denominator_is_stored_as_reported_and_scored_at_the_cap()
    {
        // A province whose revenue beat its estimate: 12540 of 11000.
        var entered = Assert.IsType<SelfScoreEntered>(Assert.Single(
            ScorecardDecisions.EnterSelfScore(Given(), SampleRules, new EnterSelfScore("1.2", Numerator: 12540, Denominator: 11000, Evidence: OneDocument)).Events));
        Assert.Equal(LeafValue.OfRatio(12540, 11000), entered.Value);
        var leaf = SampleRules.Find("1.2")!;
        Assert.Equal(leaf.Max, entered.Value.PointsFor(leaf, SampleRules.Rounding));
    }

    [Fact]
    public void points_beyond_the_domain_or_with_more_than_four_decimals_are_refused_not_rounded()
    {
        Refused(ScorecardDecisions.EnterSelfScore(Given(), SampleRules, new EnterSelfScore("1.1", Points: 0.50001m, Evidence: OneDocument)), RefusalKind.Invalid, "points");
        Refused(ScorecardDecisions.EnterSelfScore(Given(), SampleRules, new EnterSelfScore("1.1", Points: decimal.MaxValue, Evidence: OneDocument)), RefusalKind.Invalid, "points");
        Assert.False(ScorecardDecisions.EnterSelfScore(Given(), SampleRules, new EnterSelfScore("1.1", Points: 0.50000m, Evidence: OneDocument)).IsRefused);
    }

    [Fact]
    public void a_penalty_is_entered_as_a_negative_number_down_to_its_floor()
    {
        Assert.False(ScorecardDecisions.EnterSelfScore(Given(), SampleRules, new EnterSelfScore("1.6", Points: -3, Evidence: OneDocument)).IsRefused);
        Refused(ScorecardDecisions.EnterSelfScore(Given(), SampleRules, new EnterSelfScore("1.6", Points: -3.5m, Evidence: OneDocument)), RefusalKind.Invalid, "points");
        Refused(ScorecardDecisions.EnterSelfScore(Given(), SampleRules, new EnterSelfScore("1.6", Points: 1, Evidence: OneDocument)), RefusalKind.Invalid, "points");
    }

    [Fact]
    public void submission_needs_a_self_score_on_every_leaf_but_the_survey()
    {
        Refused(ScorecardDecisions.Submit(Given(SelfScored("1.1", LeafValue.OfPoints(1))), SampleRules), RefusalKind.Conflict, "submission");
        Assert.IsType<SelfAssessmentSubmitted>(Assert.Single(ScorecardDecisions.Submit(FullySelfScored(false), SampleRules).Events));
    }

    [Fact]
    public void appraisal_starts_after_submission() =>
        Refused(ScorecardDecisions.RecordAppraisal(FullySelfScored(false), SampleRules, new RecordAppraisal("1.1", Accept: true)), RefusalKind.Conflict, "criterion");

    [Fact]
    public void accepting_copies_the_self_score_and_another_value_needs_a_note()
    {
        var card = FullySelfScored(true);
        var accepted = Assert.IsType<AppraisalRecorded>(Assert.Single(ScorecardDecisions.RecordAppraisal(card, SampleRules, new RecordAppraisal("1.2", Accept: true)).Events));
        Assert.Equal((LeafValue.OfRatio(3, 4), true), (accepted.Value, accepted.AcceptedSelfScore));

        Refused(ScorecardDecisions.RecordAppraisal(card, SampleRules, new RecordAppraisal("1.1", Points: 10)), RefusalKind.Invalid, "note");
        var lowered = Assert.IsType<AppraisalRecorded>(Assert.Single(
            ScorecardDecisions.RecordAppraisal(card, SampleRules, new RecordAppraisal("1.1", Points: 10, Note: "Thiếu tài liệu kiểm chứng")).Events));
        Assert.Equal((10m, false), (lowered.Value.Points!.Value, lowered.AcceptedSelfScore));
    }

    [Fact]
    public void an_adjustment_needs_a_reason_and_a_decision_reference()
    {
        var card = FullySelfScored(true);
        Refused(ScorecardDecisions.AdjustPoints(card, SampleRules, new AdjustPoints("1.1", Points: 11, DecisionRef: "QĐ 5")), RefusalKind.Invalid, "reason");
        Refused(ScorecardDecisions.AdjustPoints(card, SampleRules, new AdjustPoints("1.1", Points: 11, Reason: "Phúc khảo")), RefusalKind.Invalid, "decisionRef");
        Assert.IsType<PointsAdjusted>(Assert.Single(ScorecardDecisions.AdjustPoints(card, SampleRules, new AdjustPoints("1.1", Points: 11, Reason: "Phúc khảo", DecisionRef: "QĐ 5")).Events));
    }

    [Fact]
    public void survey_points_go_only_to_survey_leaves_and_self_scores_never_do()
    {
        Refused(ScorecardDecisions.EnterSurveyPoints(Given(), SampleRules, new EnterSurveyPoints("1.1", 5)), RefusalKind.Invalid, "criterion");
        Refused(ScorecardDecisions.EnterSelfScore(Given(), SampleRules, new EnterSelfScore("2.1", Points: 5, Evidence: OneDocument)), RefusalKind.Invalid, "criterion");
        Refused(ScorecardDecisions.EnterSurveyPoints(Given(), SampleRules, new EnterSurveyPoints("2.1", 45.5m)), RefusalKind.Invalid, "points");
        Assert.Single(ScorecardDecisions.EnterSurveyPoints(Given(), SampleRules, new EnterSurveyPoints("2.1", 31.25m)).Events);
    }

    [Fact]
    public void vietnamese_text_is_stored_nfc_normalised()
    {
        var decomposed = "Giải trình: chưa có tài liệu".Normalize(System.Text.NormalizationForm.FormD);
        var decision = ScorecardDecisions.EnterSelfScore(Given(), SampleRules, new EnterSelfScore("1.1", Points: 1, Explanation: decomposed));
        var entered = Assert.IsType<SelfScoreEntered>(Assert.Single(decision.Events));
        Assert.Equal("Giải trình: chưa có tài liệu".Normalize(System.Text.NormalizationForm.FormC), entered.Explanation);
        Assert.True(entered.Explanation!.IsNormalized(System.Text.NormalizationForm.FormC));
    }

    // ---- evidence files: a citation records the facts of a file uploaded for this scorecard ----

    private static readonly string Hash = new('c', 64);
    private static readonly DateTimeOffset Uploaded = new(2018, 1, 10, 2, 0, 0, TimeSpan.Zero);

    private static EvidenceUpload UploadOf(string agency, int year = 2017, string name = "Kế hoạch.pdf", int minutes = 0) =>
        new(Hash, year, agency, 12345, "application/pdf", name, Uploaded.AddMinutes(minutes));

    [Fact]
    public void a_cited_file_uploaded_for_the_scorecard_is_recorded_with_its_facts_and_the_latest_name()
    {
        var uploads = new[] { UploadOf("huu-lung", name: "ban-dau.pdf"), UploadOf("huu-lung", name: "Kế hoạch CCHC.pdf", minutes: 5), UploadOf("van-quan", name: "khác.pdf", minutes: 9) };
        var decision = ScorecardDecisions.EnterSelfScore(Given(), SampleRules,
            new EnterSelfScore("1.1", Points: 12, Evidence: [new EvidenceInput("Kế hoạch", null, Hash.ToUpperInvariant())]), uploads);
        var evidence = Assert.Single(Assert.IsType<SelfScoreEntered>(Assert.Single(decision.Events)).Evidence);
        Assert.Equal(new Evidence("Kế hoạch", null, new EvidenceFile(Hash, 12345, "application/pdf", "Kế hoạch CCHC.pdf")), evidence);
    }

    [Fact]
    public void a_file_uploaded_for_another_agency_or_year_or_not_a_hash_is_refused_by_its_place_in_the_list()
    {
        EnterSelfScore Citing(string file) => new("1.1", Points: 12, Evidence: [new EvidenceInput("Biên bản", "BB-1"), new EvidenceInput("Kế hoạch", null, file)]);
        Refused(ScorecardDecisions.EnterSelfScore(Given(), SampleRules, Citing(Hash), [UploadOf("van-quan"), UploadOf("huu-lung", year: 2016)]), RefusalKind.Invalid, "evidence[1].file");
        Refused(ScorecardDecisions.EnterSelfScore(Given(), SampleRules, Citing(Hash)), RefusalKind.Invalid, "evidence[1].file");
        Refused(ScorecardDecisions.EnterSelfScore(Given(), SampleRules, Citing("KH-12.pdf"), [UploadOf("huu-lung")]), RefusalKind.Invalid, "evidence[1].file");
        Refused(ScorecardDecisions.EnterSelfScore(Given(), SampleRules, new EnterSelfScore("1.1", Points: 12, Evidence: [new EvidenceInput("Kế hoạch", null)])),
            RefusalKind.Invalid, "evidence[0].documentRef");
    }

    [Fact]
    public void an_appraisal_or_adjustment_without_evidence_records_none_and_one_with_a_file_records_it()
    {
        var card = FullySelfScored(submitted: true);
        var plain = Assert.IsType<AppraisalRecorded>(Assert.Single(ScorecardDecisions.RecordAppraisal(card, SampleRules, new RecordAppraisal("1.1", Accept: true)).Events));
        Assert.Null(plain.Evidence);
        var withFile = Assert.IsType<PointsAdjusted>(Assert.Single(ScorecardDecisions.AdjustPoints(card, SampleRules,
            new AdjustPoints("1.1", Points: 10, Reason: "Bổ sung", DecisionRef: "VB 1", Evidence: [new EvidenceInput("Văn bản", "VB 1", Hash)]), [UploadOf("huu-lung")]).Events));
        Assert.Equal("Kế hoạch.pdf", Assert.Single(withFile.Evidence!).File!.FileName);
    }
}
