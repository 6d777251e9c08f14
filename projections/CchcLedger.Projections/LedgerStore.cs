using CchcLedger.Domain.Access;
using CchcLedger.Domain.Accounts;
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

    /// <summary>Every event type by its stored name: the one list the store and an offline reader of events share.</summary>
    public static readonly IReadOnlyDictionary<string, Type> EventTypes = new Dictionary<string, Type>
    {
        ["block_defined"] = typeof(CchcLedger.Domain.Blocks.BlockDefined),
        ["block_renamed"] = typeof(CchcLedger.Domain.Blocks.BlockRenamed),
        ["block_retired"] = typeof(CchcLedger.Domain.Blocks.BlockRetired),
        ["agency_registered"] = typeof(AgencyRegistered),
        ["agency_renamed"] = typeof(AgencyRenamed),
        ["agency_moved_to_block"] = typeof(AgencyMovedToBlock),
        ["agency_dissolved"] = typeof(AgencyDissolved),
        ["criteria_set_drafted"] = typeof(CriteriaSetDrafted),
        ["criteria_set_adopted"] = typeof(CriteriaSetAdopted),
        ["criteria_set_amended"] = typeof(CriteriaSetAmended),
        ["scorecard_opened"] = typeof(ScorecardOpened),
        ["self_score_entered"] = typeof(SelfScoreEntered),
        ["self_assessment_submitted"] = typeof(SelfAssessmentSubmitted),
        ["appraisal_recorded"] = typeof(AppraisalRecorded),
        ["points_adjusted"] = typeof(PointsAdjusted),
        ["survey_points_entered"] = typeof(SurveyPointsEntered),
        ["appeal_filed"] = typeof(AppealFiled),
        ["appeal_withdrawn"] = typeof(AppealWithdrawn),
        ["appeal_decided"] = typeof(AppealDecided),
        ["preliminary_results_issued"] = typeof(PreliminaryResultsIssued),
        ["appeal_window_closed"] = typeof(AppealWindowClosed),
        ["ranking_published"] = typeof(RankingPublished),
        ["chain_checkpointed"] = typeof(ChainCheckpointed),
        ["token_revoked"] = typeof(TokenRevoked),
        ["account_created"] = typeof(AccountCreated),
        ["role_granted"] = typeof(RoleGranted),
        ["role_revoked"] = typeof(RoleRevoked),
        ["account_disabled"] = typeof(AccountDisabled),
        ["account_enabled"] = typeof(AccountEnabled),
        ["password_reset"] = typeof(PasswordReset),
        ["password_changed"] = typeof(PasswordChanged),
        ["import_recorded"] = typeof(CchcLedger.Domain.Imports.ImportRecorded),
    };

    /// <summary>How event bodies are written (camelCase, enums by name): for reading them without Marten, as a bundle's verifier does.</summary>
    public static readonly System.Text.Json.JsonSerializerOptions EventJson = new(System.Text.Json.JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(), new OffsetInstantConverter() },
    };

    /// <summary>
    /// Brings a database up to date, as the role that owns it: Marten's tables, the event seal, and (with
    /// <paramref name="grantAppRole"/>) the append-only rights of <see cref="AppendOnly.AppRole"/>.
    /// </summary>
    public static async Task MigrateAsync(IDocumentStore ownerStore, bool grantAppRole, CancellationToken ct = default)
    {
        await ownerStore.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        await EventSeals.InstallAsync(ownerStore, ct);
        if (grantAppRole) await AppendOnly.GrantAsync(ownerStore.Options.Tenancy.Default.Database.CreateConnection().ConnectionString, ct);
    }

    /// <param name="clock">Marten's default stamp only: every append is stamped by the database's ledger clock (<see cref="LedgerClock"/>).</param>
    /// <param name="macKey">The application's event MAC key (<see cref="EventMacs"/>); null for a store that appends nothing the application answers for.</param>
    public static void Configure(StoreOptions opts, string connectionString, TimeProvider clock, byte[]? macKey = null, TimeProvider? effective = null)
    {
        // Persist Security Info: the ledger hands its store's connection string to the connections it opens itself (the
        // seal's installation, idempotency keys, verification); without it Npgsql leaves the password out of it, and a
        // server that asks for a password refuses them.
        opts.Connection(new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { PersistSecurityInfo = true }.ConnectionString);
        opts.DatabaseSchemaName = SchemaName;
        opts.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase);

        opts.Events.StreamIdentity = StreamIdentity.AsString;
        opts.Events.TimeProvider = clock;
        opts.Events.MetadataConfig.EnableAll();
        opts.Events.MetadataConfig.UserNameEnabled = true;

        // Event type names are part of the stored record: pinned so that renaming a class never orphans events.
        foreach (var (name, type) in EventTypes) opts.Events.MapEventType(type, name);

        opts.Projections.Add<BlockProjection>(ProjectionLifecycle.Inline);
        opts.Projections.Add<AgencyProjection>(ProjectionLifecycle.Inline);
        opts.Projections.Add<CriteriaSetProjection>(ProjectionLifecycle.Inline);
        opts.Projections.Add<ScorecardProjection>(ProjectionLifecycle.Inline);
        opts.Projections.Add<ResultsRoundProjection>(ProjectionLifecycle.Inline);
        opts.Projections.Add<RevokedTokenProjection>(ProjectionLifecycle.Inline);
        opts.Projections.Add<AccountProjection>(ProjectionLifecycle.Inline);

        // Recorded instants, and the history that as-of views read, are kept at commit time (see LedgerClock).
        opts.Storage.ExtendedSchemaObjects.Add(LedgerClock.Schema());
        opts.Storage.ExtendedSchemaObjects.Add(IdempotencyKeys.Schema());
        opts.Storage.ExtendedSchemaObjects.Add(AccountSecrets.Schema());
        foreach (var table in EvidenceTables.Schema()) opts.Storage.ExtendedSchemaObjects.Add(table);
        opts.Listeners.Add(new LedgerClock(macKey, effective));
        opts.Schema.For<ScoreVersion>().Duplicate(v => v.ScorecardId).Duplicate(v => v.ValidTo)
            .Index(v => new { v.Year, v.Block });
        opts.Schema.For<AgencyVersion>().Duplicate(v => v.Code).Duplicate(v => v.ValidTo);
        opts.Schema.For<ScorecardSnapshot>().Duplicate(s => s.ScorecardId).Duplicate(s => s.ValidTo);
        opts.Schema.For<AppealView>().Index(a => a.Year).Index(a => a.Agency);

        opts.Schema.For<Agency>().Index(a => a.Block);
        opts.Schema.For<CriteriaSet>().Index(s => s.Year).Index(s => s.Block);
        opts.Schema.For<Scorecard>().Index(c => c.Year).Index(c => c.Block);
    }
}

/// <summary>
/// Reads an instant only with its offset (<c>Z</c> or <c>±hh:mm</c>) and any number of fractional digits, kept to the tick:
/// System.Text.Json alone would read <c>2018-02-01T03:04:05</c> in the machine's own time zone, and a date as its midnight,
/// so the same event would mean another instant on another machine (docs/integrity/publication.md, <c>publishedAt</c>).
/// </summary>
public sealed partial class OffsetInstantConverter : System.Text.Json.Serialization.JsonConverter<DateTimeOffset>
{
    [System.Text.RegularExpressions.GeneratedRegex("^([0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2})(?:\\.([0-9]+))?(Z|[+-][0-9]{2}:[0-9]{2})$")]
    private static partial System.Text.RegularExpressions.Regex Form();

    public override DateTimeOffset Read(ref System.Text.Json.Utf8JsonReader reader, Type typeToConvert, System.Text.Json.JsonSerializerOptions options)
    {
        var text = reader.TokenType == System.Text.Json.JsonTokenType.String ? reader.GetString()! : null;
        if (text is null || Form().Match(text) is not { Success: true } m)
            throw new System.Text.Json.JsonException($"{(text is null ? $"a JSON {reader.TokenType}" : $"'{text}'")} is not an instant with its offset (yyyy-MM-ddTHH:mm:ss[.f…](Z|±hh:mm))");
        // Digits beyond the tick (seven) are dropped: truncated, never rounded.
        var fraction = m.Groups[2].Value is { Length: > 0 } f ? "." + f[..Math.Min(f.Length, 7)] : "";
        if (!DateTimeOffset.TryParseExact(m.Groups[1].Value + fraction + m.Groups[3].Value, "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
                System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var instant))
            throw new System.Text.Json.JsonException($"'{text}' is not an instant with its offset: no such date, time or offset");
        return instant;
    }

    public override void Write(System.Text.Json.Utf8JsonWriter writer, DateTimeOffset value, System.Text.Json.JsonSerializerOptions options) =>
        writer.WriteStringValue(value);
}
