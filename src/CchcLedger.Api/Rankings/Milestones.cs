using CchcLedger.Api.Hosting;
using CchcLedger.Domain;
using CchcLedger.Domain.Appeals;
using CchcLedger.Domain.Publications;
using CchcLedger.Domain.Scorecards;
using CchcLedger.Projections;
using Marten;
using Npgsql;
using Wolverine.Http;

namespace CchcLedger.Api.Rankings;

/// <summary>
/// One milestone of a year and block, from its events: <c>firstSubmission</c>, <c>lastSubmission</c>, <c>appraisal</c>
/// (the last appraisal), <c>survey</c> (the last survey points), <c>adjustment</c> (the first adjustment under a
/// decision, named in <see cref="Detail"/>), <c>preliminary</c> and <c>windowEnds</c> (round <see cref="Number"/>),
/// <c>publication</c> (number, decision). <see cref="At"/> is when it took effect (for a year recorded as it ran, when it
/// was recorded; for a past year brought in later, the date it is dated with): as of it, on that axis, the milestone is in.
/// </summary>
public sealed record Milestone(string Kind, DateTimeOffset At, int? Number = null, string? Detail = null, int Count = 0);

public static class YearMilestones
{
    private const int MaxDecisions = 6;

    public static async Task<IReadOnlyList<Milestone>> LoadAsync(IQuerySession session, int year, string block, CancellationToken ct = default)
    {
        var milestones = new List<Milestone>();
        // The block's scorecard streams, then aggregates over their events in the database: only a few rows come back,
        // and the primary key on (stream, version) keeps the cost with the block, not the ledger.
        var keys = (await session.Query<Scorecard>().Where(c => c.Year == year && c.Block == block).Select(c => c.Id).ToListAsync(ct)).ToArray();
        if (keys.Length > 0)
        {
            // A connection of its own: taking the session's (session.Connection) leaves it in a transaction the request never closes.
            await using var conn = new NpgsqlConnection(session.DocumentStore.Options.Tenancy.Default.Database.CreateConnection().ConnectionString);
            await conn.OpenAsync(ct);
            await using (var cmd = new NpgsqlCommand(
                $"select e.type, min({EffectiveTime.Sql}), max({EffectiveTime.Sql}), count(*)::int from {LedgerStore.SchemaName}.mt_events e " +
                "where e.stream_id = any(@keys) and e.type = any(@types) group by e.type", conn))
            {
                cmd.Parameters.AddWithValue("keys", keys);
                cmd.Parameters.AddWithValue("types", new[] { "self_assessment_submitted", "appraisal_recorded", "survey_points_entered" });
                await using var reader = await cmd.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    DateTimeOffset At(int i) => new(reader.GetDateTime(i), TimeSpan.Zero);
                    var count = reader.GetInt32(3);
                    switch (reader.GetString(0))
                    {
                        case "self_assessment_submitted":
                            milestones.Add(new Milestone("firstSubmission", At(1), Count: count));
                            milestones.Add(new Milestone("lastSubmission", At(2), Count: count));
                            break;
                        case "appraisal_recorded": milestones.Add(new Milestone("appraisal", At(2), Count: count)); break;
                        case "survey_points_entered": milestones.Add(new Milestone("survey", At(2), Count: count)); break;
                    }
                }
            }
            await using (var cmd = new NpgsqlCommand(
                $"select e.data->>'decisionRef', min({EffectiveTime.Sql}), count(*)::int from {LedgerStore.SchemaName}.mt_events e " +
                $"where e.stream_id = any(@keys) and e.type = 'points_adjusted' group by 1 order by 2 limit {MaxDecisions}", conn))
            {
                cmd.Parameters.AddWithValue("keys", keys);
                await using var reader = await cmd.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                    milestones.Add(new Milestone("adjustment", new DateTimeOffset(reader.GetDateTime(1), TimeSpan.Zero), Detail: reader.IsDBNull(0) ? null : reader.GetString(0), Count: reader.GetInt32(2)));
            }
        }

        foreach (var e in await session.Events.FetchStreamAsync(ResultsRound.StreamKey(year, block), token: ct))
            switch (e.Data)
            {
                case PreliminaryResultsIssued p:
                    milestones.Add(new Milestone("preliminary", EffectiveTime.Of(e), p.Round));
                    milestones.Add(new Milestone("windowEnds", p.WindowEnds, p.Round));
                    break;
                case AppealWindowClosed c:
                    // The window ended when the council closed it, not when it was scheduled to.
                    milestones.RemoveAll(m => m.Kind == "windowEnds" && m.Number == c.Round);
                    milestones.Add(new Milestone("windowClosedEarly", EffectiveTime.Of(e), c.Round, c.DecisionRef));
                    break;
                case RankingPublished p:
                    milestones.Add(new Milestone("publication", EffectiveTime.Of(e), p.Number, p.DecisionRef));
                    break;
            }
        return milestones.OrderBy(m => m.At).ThenBy(m => m.Kind, StringComparer.Ordinal).ToList();
    }
}

public static class GetMilestonesEndpoint
{
    /// <summary>The year's milestones for a block, from its events, as instants an as-of view can be asked at.</summary>
    [Api("Các mốc của năm", "The year's milestones")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<IReadOnlyList<Milestone>>(200)]
    [Refuses(404)]
    [WolverineGet("/api/years/{year}/rankings/{block}/milestones")]
    public static async Task<IResult> Get(int year, string block, IQuerySession session) =>
        (await session.BlocksAsync()).RefuseUnlessDefined("block", block) is { } badBlock
            ? Problems.For(badBlock)
            : Results.Ok(await YearMilestones.LoadAsync(session, year, block));
}
