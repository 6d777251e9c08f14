using CchcLedger.Domain.Scorecards;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace CchcLedger.Projections;

/// <summary>
/// The <see cref="Scorecard"/> document: what was entered for every leaf. Points, totals, classes and ranks are
/// computed from it on read under the criteria set in force, so a change of rules needs no rebuild.
/// </summary>
public sealed class ScorecardProjection : SingleStreamProjection<Scorecard, string>
{
    /// <summary>The events <see cref="Scorecard.Evolve"/> reacts to: a commit of other streams does not load the document (checked by ProjectionEventTypesTests).</summary>
    public ScorecardProjection()
    {
        IncludeType<ScorecardOpened>();
        IncludeType<SelfScoreEntered>();
        IncludeType<SelfAssessmentSubmitted>();
        IncludeType<AppraisalRecorded>();
        IncludeType<PointsAdjusted>();
        IncludeType<SurveyPointsEntered>();
        IncludeType<AppealFiled>();
        IncludeType<AppealWithdrawn>();
        IncludeType<AppealDecided>();
    }

    public override Scorecard? Evolve(Scorecard? snapshot, string id, IEvent e) => Scorecard.Evolve(snapshot, e.Data);
}
