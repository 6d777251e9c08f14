using CchcLedger.Domain.Agencies;
using CchcLedger.Domain.Appeals;
using CchcLedger.Domain.Criteria;
using CchcLedger.Domain.Integrity;
using CchcLedger.Domain.Publications;
using CchcLedger.Domain.Scorecards;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using Weasel.Core;

namespace CchcLedger.Projections;

/// <summary>The one Marten configuration of the ledger, shared by the API, the command-line tool and the tests.</summary>
public static class LedgerStore
{
    public const string SchemaName = "cchc";

    public static void Configure(StoreOptions opts, string connectionString, TimeProvider clock)
    {
        opts.Connection(connectionString);
        opts.DatabaseSchemaName = SchemaName;
        opts.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase);

        opts.Events.StreamIdentity = StreamIdentity.AsString;
        opts.Events.TimeProvider = clock;
        opts.Events.MetadataConfig.EnableAll();
        opts.Events.MetadataConfig.UserNameEnabled = true;

        // Event type names are part of the stored record: pinned here so that renaming a class never orphans events.
        opts.Events.MapEventType<AgencyRegistered>("agency_registered");
        opts.Events.MapEventType<AgencyRenamed>("agency_renamed");
        opts.Events.MapEventType<AgencyMovedToBlock>("agency_moved_to_block");
        opts.Events.MapEventType<AgencyDissolved>("agency_dissolved");
        opts.Events.MapEventType<CriteriaSetDrafted>("criteria_set_drafted");
        opts.Events.MapEventType<CriteriaSetAdopted>("criteria_set_adopted");
        opts.Events.MapEventType<CriteriaSetAmended>("criteria_set_amended");
        opts.Events.MapEventType<ScorecardOpened>("scorecard_opened");
        opts.Events.MapEventType<SelfScoreEntered>("self_score_entered");
        opts.Events.MapEventType<SelfAssessmentSubmitted>("self_assessment_submitted");
        opts.Events.MapEventType<AppraisalRecorded>("appraisal_recorded");
        opts.Events.MapEventType<PointsAdjusted>("points_adjusted");
        opts.Events.MapEventType<SurveyPointsEntered>("survey_points_entered");
        opts.Events.MapEventType<AppealFiled>("appeal_filed");
        opts.Events.MapEventType<AppealWithdrawn>("appeal_withdrawn");
        opts.Events.MapEventType<AppealDecided>("appeal_decided");
        opts.Events.MapEventType<PreliminaryResultsIssued>("preliminary_results_issued");
        opts.Events.MapEventType<RankingPublished>("ranking_published");
        opts.Events.MapEventType<ChainCheckpointed>("chain_checkpointed");

        opts.Projections.Add<AgencyProjection>(ProjectionLifecycle.Inline);
        opts.Projections.Add<CriteriaSetProjection>(ProjectionLifecycle.Inline);
        opts.Projections.Add<ScorecardProjection>(ProjectionLifecycle.Inline);
        opts.Projections.Add<ResultsRoundProjection>(ProjectionLifecycle.Inline);

        // Recorded instants, and the history that as-of views read, are kept at commit time (see LedgerClock).
        opts.Storage.ExtendedSchemaObjects.Add(LedgerClock.Schema());
        opts.Listeners.Add(new LedgerClock(clock));
        opts.Schema.For<ScoreVersion>().Duplicate(v => v.ScorecardId).Duplicate(v => v.ValidTo)
            .Index(v => new { v.Year, v.Block });
        opts.Schema.For<AgencyVersion>().Duplicate(v => v.Code).Duplicate(v => v.ValidTo);
        opts.Schema.For<AppealView>().Index(a => a.Year).Index(a => a.Agency);

        opts.Schema.For<Agency>().Index(a => a.Block);
        opts.Schema.For<CriteriaSet>().Index(s => s.Year).Index(s => s.Block);
        opts.Schema.For<Scorecard>().Index(c => c.Year).Index(c => c.Block);
    }
}
