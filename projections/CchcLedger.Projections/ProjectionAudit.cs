using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using CchcLedger.Domain.Accounts;
using CchcLedger.Domain.Agencies;
using CchcLedger.Domain.Appeals;
using CchcLedger.Domain.Criteria;
using CchcLedger.Domain.Integrity;
using CchcLedger.Domain.Scorecards;
using Npgsql;

namespace CchcLedger.Projections;

/// <summary>
/// Audits what is served against what the events say: replays every event in sequence order through the same pure
/// code the commit-time projections run (the domain's <c>Evolve</c>, <see cref="ScoreHistory.Next"/>,
/// <see cref="AgencyHistory.Next"/>, <see cref="AppealProjection.Apply"/>), then compares every stored document, current and
/// historical, with its recomputation. A document changed behind the application's back (the application role may
/// write documents: it keeps them) is reported as the kind <c>projection</c>, naming the document and the first field.
/// The events of one commit share their recorded instant, so consecutive events with one instant are replayed as one commit.
/// </summary>
public static class ProjectionAudit
{
    private static readonly JsonSerializerOptions Json = LedgerStore.EventJson;

    private sealed class Replay
    {
        public readonly Dictionary<string, CchcLedger.Domain.Blocks.Block> Blocks = new(StringComparer.Ordinal);
        public readonly Dictionary<string, Agency> Agencies = new(StringComparer.Ordinal);
        public readonly Dictionary<string, CriteriaSet> Sets = new(StringComparer.Ordinal);
        public readonly Dictionary<string, Scorecard> Cards = new(StringComparer.Ordinal);
        public readonly Dictionary<string, ResultsRound> Rounds = new(StringComparer.Ordinal);
        public readonly Dictionary<string, AppealView> Appeals = new(StringComparer.Ordinal);
        public readonly Dictionary<string, Account> Accounts = new(StringComparer.Ordinal);
        public readonly Dictionary<string, ScoreVersion> ScoreVersions = new(StringComparer.Ordinal);
        public readonly Dictionary<string, ScoreVersion> OpenScores = new(StringComparer.Ordinal);
        public readonly Dictionary<string, AgencyVersion> AgencyVersions = new(StringComparer.Ordinal);
        public readonly Dictionary<string, AgencyVersion> OpenAgencies = new(StringComparer.Ordinal);
        public readonly Dictionary<string, ScorecardSnapshot> Snapshots = new(StringComparer.Ordinal);
        public readonly Dictionary<string, ScorecardSnapshot> OpenSnapshots = new(StringComparer.Ordinal);
        public readonly Dictionary<string, long> StreamVersions = new(StringComparer.Ordinal);
        public readonly Dictionary<string, long> LastSequence = new(StringComparer.Ordinal);
        public long Last;

        /// <summary>One commit: its events in order, all recorded at <paramref name="at"/> (see <see cref="LedgerClock"/>).</summary>
        public void Commit(IReadOnlyList<(long Seq, string Stream, object? Data)> events, DateTimeOffset at)
        {
            // Sets as they stood before the commit: the commit-time projection loads them before its own events apply.
            var before = events.Where(e => e.Stream.StartsWith("criteria-set-", StringComparison.Ordinal)).Select(e => e.Stream).Distinct()
                .ToDictionary(s => s, s => Sets.GetValueOrDefault(s));
            var amended = new HashSet<string>();
            foreach (var (seq, stream, data) in events)
            {
                LastSequence[stream] = Last = seq;
                StreamVersions[stream] = StreamVersions.GetValueOrDefault(stream) + 1;
                if (data is null) continue;
                if (stream.StartsWith("block-", StringComparison.Ordinal)) Set(Blocks, stream, CchcLedger.Domain.Blocks.Block.Evolve(Blocks.GetValueOrDefault(stream), data));
                else if (stream.StartsWith("agency-", StringComparison.Ordinal)) Set(Agencies, stream, Agency.Evolve(Agencies.GetValueOrDefault(stream), data));
                else if (stream.StartsWith("criteria-set-", StringComparison.Ordinal))
                {
                    Set(Sets, stream, CriteriaSet.Evolve(Sets.GetValueOrDefault(stream), data));
                    if (data is CriteriaSetAmended) amended.Add(stream);
                }
                else if (stream.StartsWith("scorecard-", StringComparison.Ordinal)) Set(Cards, stream, Scorecard.Evolve(Cards.GetValueOrDefault(stream), data));
                else if (stream.StartsWith("round-", StringComparison.Ordinal)) Set(Rounds, stream, ResultsRound.Evolve(Rounds.GetValueOrDefault(stream), data));
                else if (stream.StartsWith("account-", StringComparison.Ordinal)) Set(Accounts, stream, Account.Evolve(Accounts.GetValueOrDefault(stream), data));
            }

            var changedCards = events.Select(e => e.Stream).Where(s => s.StartsWith("scorecard-", StringComparison.Ordinal)).Distinct().ToList();
            foreach (var (_, stream, data) in events)
                if (data is AppealFiled or AppealWithdrawn or AppealDecided && Cards.GetValueOrDefault(stream) is { } card)
                {
                    var id = data switch { AppealFiled f => f.AppealId, AppealWithdrawn w => w.AppealId, AppealDecided d => d.AppealId, _ => "" };
                    if (AppealProjection.Apply(Appeals.GetValueOrDefault(id), card, data, at) is { } view) Appeals[view.Id] = view;
                }

            var rescored = changedCards.Where(Cards.ContainsKey).ToDictionary(s => s, s => Cards[s]);
            foreach (var set in amended.Select(s => Sets[s]))
                foreach (var card in Cards.Values.Where(c => c.CriteriaSetId == set.SetId)) rescored.TryAdd(card.Id, card);
            foreach (var card in rescored.Values)
            {
                var key = CriteriaSet.StreamKey(card.CriteriaSetId);
                var set = amended.Contains(key) ? Sets[key] : before.TryGetValue(key, out var old) ? old : Sets.GetValueOrDefault(key);
                if (set is null) continue;
                var (closed, next) = ScoreHistory.Next(OpenScores.GetValueOrDefault(card.Id), card, set, at, StreamVersions.GetValueOrDefault(card.Id));
                if (closed is not null) ScoreVersions[closed.Id] = closed;
                ScoreVersions[next.Id] = OpenScores[card.Id] = next;
                // A commit that appends to a card whose set it does not amend may take a snapshot of it.
                var appended = events.Count(e => e.Stream == card.Id);
                if (appended == 0 || amended.Contains(key) || ScoreHistory.Snapshot(card, StreamVersions[card.Id], appended, at) is not { } snapshot) continue;
                if (OpenSnapshots.GetValueOrDefault(card.Id) is { } open && open.Id != snapshot.Id) Snapshots[open.Id] = open with { ValidTo = at };
                Snapshots[snapshot.Id] = OpenSnapshots[card.Id] = snapshot;
            }
            foreach (var stream in events.Select(e => e.Stream).Where(s => s.StartsWith("agency-", StringComparison.Ordinal)).Distinct())
            {
                if (Agencies.GetValueOrDefault(stream) is not { } agency) continue;
                var (closed, next) = AgencyHistory.Next(OpenAgencies.GetValueOrDefault(agency.Code), agency, at);
                if (closed is not null) AgencyVersions[closed.Id] = closed;
                AgencyVersions[next.Id] = OpenAgencies[agency.Code] = next;
            }
        }

        private static void Set<T>(Dictionary<string, T> into, string key, T? value) where T : class
        {
            if (value is null) into.Remove(key); else into[key] = value;
        }
    }

    /// <summary>The documents checked, and the first divergence (null when every document is what the events give).</summary>
    public static async Task<(int DocumentsChecked, ChainFailure? Failure)> RunAsync(NpgsqlConnection conn, CancellationToken ct = default)
    {
        var replay = await ReplayAsync(conn, ct);
        var checkedCount = 0;
        async Task<ChainFailure?> Compare<T>(string kind, IReadOnlyDictionary<string, T> expected, Func<T, string> stream)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            await using (var cmd = new NpgsqlCommand($"select id, data::text from {LedgerStore.SchemaName}.mt_doc_{typeof(T).Name.ToLowerInvariant()} order by id", conn))
            await using (var reader = await cmd.ExecuteReaderAsync(ct))
                while (await reader.ReadAsync(ct))
                {
                    var id = reader.GetString(0);
                    seen.Add(id);
                    checkedCount++;
                    if (!expected.TryGetValue(id, out var doc))
                        return Divergence(replay, kind, id, null, "the projection holds a document that no event gives");
                    if (Diff(JsonSerializer.SerializeToNode(doc, Json), JsonNode.Parse(reader.GetString(1)), "") is { } field)
                        return Divergence(replay, kind, id, stream(doc), $"{field.Path} is {field.Stored} in the projection, {field.Expected} from the events");
                }
            var absent = expected.Keys.Where(k => !seen.Contains(k)).Order(StringComparer.Ordinal).FirstOrDefault();
            return absent is null ? null : Divergence(replay, kind, absent, stream(expected[absent]), "the events give this document, the projection does not hold it");
        }

        var failure = await Compare("Block", replay.Blocks, b => b.Id)
                      ?? await Compare("Agency", replay.Agencies, a => a.Id)
                      ?? await Compare("CriteriaSet", replay.Sets, s => s.Id)
                      ?? await Compare("Scorecard", replay.Cards, c => c.Id)
                      ?? await Compare("ResultsRound", replay.Rounds, r => r.Id)
                      ?? await Compare("AppealView", replay.Appeals, a => a.ScorecardId)
                      ?? await Compare("Account", replay.Accounts, a => a.Id)
                      ?? await Compare("ScoreVersion", replay.ScoreVersions, v => v.ScorecardId)
                      ?? await Compare("ScorecardSnapshot", replay.Snapshots, v => v.ScorecardId)
                      ?? await Compare("AgencyVersion", replay.AgencyVersions, v => Agency.StreamKey(v.Code))
                      ?? await BackdatedAsync(conn, replay, ct);
        return (checkedCount, failure);
    }

    /// <summary>
    /// The seal's list of events that carry an effective instant (<see cref="EventSeals.BackdatedTable"/>) against the
    /// events' own headers: the first event missing from it, listed without being one, or listed with other instants.
    /// </summary>
    private static async Task<ChainFailure?> BackdatedAsync(NpgsqlConnection conn, Replay replay, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(
            $"select coalesce(e.seq_id, b.seq_id), e.stream_id from " +
            $"(select seq_id, stream_id, timestamp, (headers->>'{EffectiveTime.Header}')::timestamptz as effective_at from {LedgerStore.SchemaName}.mt_events " +
            $"where headers ? '{EffectiveTime.Header}') e " +
            $"full join {LedgerStore.SchemaName}.{EventSeals.BackdatedTable} b on b.seq_id = e.seq_id " +
            "where e.seq_id is null or b.seq_id is null or b.recorded_at <> e.timestamp or b.effective_at <> e.effective_at order by 1 limit 1", conn);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) return null;
        var (seq, stream) = (reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetString(1));
        return new ChainFailure(seq, stream, "projection",
            $"{EventSeals.BackdatedTable} {seq}: the list of events in force before they were recorded does not match the event's effective instant");
    }

    private static ChainFailure Divergence(Replay replay, string kind, string id, string? stream, string detail) =>
        new(stream is not null && replay.LastSequence.TryGetValue(stream, out var seq) ? seq : replay.Last, stream, "projection", $"{kind} {id}: {detail}");

    /// <summary>Every event in sequence order, read by one task and parsed on the cores left while commits are replayed in order.</summary>
    private static async Task<Replay> ReplayAsync(NpgsqlConnection conn, CancellationToken ct)
    {
        var batches = Channel.CreateBounded<(long Seq, string Stream, string Type, DateTimeOffset At, byte[]? Json)[]>(new BoundedChannelOptions(8) { SingleReader = true, SingleWriter = true });
        var reading = Task.Run(async () =>
        {
            try
            {
                // Checkpoints are no document's: their bodies are not read.
                await using var cmd = new NpgsqlCommand(
                    $"select seq_id, stream_id, type, timestamp, case when stream_id = '{EventSeals.CheckpointStream}' then null else convert_to(data::text, 'UTF8') end " +
                    $"from {LedgerStore.SchemaName}.mt_events order by seq_id", conn);
                await using var reader = await cmd.ExecuteReaderAsync(ct);
                var batch = new List<(long, string, string, DateTimeOffset, byte[]?)>(2048);
                while (await reader.ReadAsync(ct))
                {
                    batch.Add((reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3), reader.IsDBNull(4) ? null : reader.GetFieldValue<byte[]>(4)));
                    if (batch.Count < 2048) continue;
                    await batches.Writer.WriteAsync([.. batch], ct);
                    batch.Clear();
                }
                if (batch.Count > 0) await batches.Writer.WriteAsync([.. batch], ct);
                batches.Writer.Complete();
            }
            catch (Exception e)
            {
                batches.Writer.TryComplete(e);
            }
        }, CancellationToken.None);

        var replay = new Replay();
        var commit = new List<(long, string, object?)>();
        DateTimeOffset? at = null;
        await foreach (var batch in batches.Reader.ReadAllAsync(ct))
        {
            var bodies = new object?[batch.Length];
            Parallel.For(0, batch.Length, i => bodies[i] = batch[i].Json is null ? null : PublicationSources.Read(batch[i].Type, batch[i].Json!));
            for (var i = 0; i < batch.Length; i++)
            {
                if (at is { } t && batch[i].At != t)
                {
                    replay.Commit(commit, t);
                    commit.Clear();
                }
                at = batch[i].At;
                commit.Add((batch[i].Seq, batch[i].Stream, bodies[i]));
            }
        }
        await reading;
        if (at is { } last && commit.Count > 0) replay.Commit(commit, last);
        return replay;
    }

    /// <summary>The first place two JSON documents differ (objects by name, numbers by value, a missing property as null).</summary>
    public static (string Path, string Stored, string Expected)? Diff(JsonNode? expected, JsonNode? stored, string path)
    {
        static string Show(JsonNode? n) => n?.ToJsonString() ?? "null";
        switch (expected, stored)
        {
            case (null, null):
                return null;
            case (JsonObject e, JsonObject s):
                foreach (var key in e.Select(p => p.Key).Union(s.Select(p => p.Key)).Order(StringComparer.Ordinal))
                    if (Diff(e[key], s[key], path.Length == 0 ? key : $"{path}.{key}") is { } d) return d;
                return null;
            case (JsonArray e, JsonArray s):
                if (e.Count != s.Count) return (path, $"{s.Count} items", $"{e.Count} items");
                for (var i = 0; i < e.Count; i++)
                    if (Diff(e[i], s[i], $"{path}[{i}]") is { } d) return d;
                return null;
            case (JsonValue e, JsonValue s) when e.GetValueKind() == JsonValueKind.Number && s.GetValueKind() == JsonValueKind.Number:
                return e.GetValue<decimal>() == s.GetValue<decimal>() ? null : (path, Show(s), Show(e));
            default:
                return Show(expected) == Show(stored) ? null : (path, Show(stored), Show(expected));
        }
    }
}
