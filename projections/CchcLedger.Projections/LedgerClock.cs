using CchcLedger.Domain.Criteria;
using CchcLedger.Domain.Scorecards;
using JasperFx.Events;
using Marten;
using Marten.Services;
using Npgsql;
using Weasel.Postgresql.Tables;

namespace CchcLedger.Projections;

/// <summary>
/// The ledger's recorded instants. Every commit that appends events first calls the database's
/// <c>ledger_tick()</c>, which moves the one row of <c>ledger_clock</c> to the database's own time, never backwards,
/// and returns it: the clock's transaction lock, taken first, serialises appending transactions from that point until they commit, so sequence
/// numbers (drawn after it) follow commit order, and every event of the commit is stamped with one recorded instant
/// that never decreases along the sequence. The database is the authority: the application role cannot write the
/// clock row, and the seal refuses an event stamped ahead of the database's clock or behind the previous event
/// (docs/integrity/writers-and-clock.md). Decisions still take "now" from the application's <see cref="TimeProvider"/>.
/// An "as of" instant is then a clean cut of the sequence: all the events of a transaction share an instant, so
/// they are all in or all out. The history projections that serve as-of views are maintained here too, in the same
/// transaction, under the lock, and the acting principal (<see cref="CurrentActor"/>) is stamped on every event. With a
/// MAC key, every appending session also marks its events with the application's MAC (<see cref="EventMacs"/>). A
/// writer that must read a consistent ledger before it appends (a publication) takes the lock first with <see cref="HoldAsync"/>.
/// </summary>
/// <param name="effective">A clock of effective instants for every commit of this store (the demo told on its calendar); otherwise
/// a commit takes effect when it is recorded, unless <see cref="EffectiveTime.Use"/> gives it an instant.</param>
public sealed class LedgerClock(byte[]? macKey = null, TimeProvider? effective = null) : DocumentSessionListenerBase
{
    public const string Table = "ledger_clock";

    public static Table Schema()
    {
#pragma warning disable CS0618 // the replacement constructor's IdentifierUsage is undocumented; this one quotes nothing, as wanted
        var table = new Table(new Weasel.Postgresql.PostgresqlObjectName(LedgerStore.SchemaName, Table));
#pragma warning restore CS0618
        table.AddColumn<int>("id").AsPrimaryKey();
        table.AddColumn<DateTimeOffset>("recorded_at").NotNull();
        return table;
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IDocumentSession, object> Held = new();
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IDocumentSession, EventMacs> Marked = new();
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IDocumentSession, LedgerTelemetry.Commit> Timed = new();

    /// <summary>
    /// Takes the ledger's clock for <paramref name="session"/> before it reads what it will append from: begins its
    /// transaction and takes the clock's lock, so no other commit lands until this session's does. Returns the recorded
    /// instant its events will get and the sequence of the last event committed before them.
    /// </summary>
    public static async Task<(DateTimeOffset RecordedAt, long LastSequence)> HoldAsync(IDocumentSession session, CancellationToken ct = default)
    {
        var asked = System.Diagnostics.Stopwatch.GetTimestamp();
        var (recordedAt, _) = await TickAsync(session, [], [], ct);
        Held.AddOrUpdate(session, recordedAt);
        Timed.AddOrUpdate(session, new LedgerTelemetry.Commit(asked) { Ticked = System.Diagnostics.Stopwatch.GetTimestamp(), RecordedAt = recordedAt });
        await using var cmd = new NpgsqlCommand($"select coalesce(max(seq_id), 0) from {LedgerStore.SchemaName}.mt_events", (NpgsqlConnection)session.Connection!);
        return (recordedAt, (long)(await cmd.ExecuteScalarAsync(ct))!);
    }

    /// <summary>
    /// What a writer already knows of its commit (each scorecard as the commit leaves it, and the set it is scored
    /// under), so that the commit does not read them again.
    /// </summary>
    public static void Knows(IDocumentSession session, Scorecard card, CriteriaSet set) =>
        Known.GetOrCreateValue(session)[card.Id] = (card, set);

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IDocumentSession, Dictionary<string, (Scorecard Card, CriteriaSet Set)>> Known = new();

    /// <remarks>
    /// Appending transactions are serialised from the clock's tick to their commit, so that is kept short: what a
    /// commit derives is read before the tick (safe: a concurrent commit to the same stream fails on its version),
    /// and after it only the tick itself, the batch and the commit remain. An amendment rescores every card of its
    /// set, and reads them after the tick, where no scorecard commit can land in between.
    /// </remarks>
    public override async Task BeforeSaveChangesAsync(IDocumentSession session, CancellationToken token)
    {
        var streams = session.PendingChanges.Streams().Where(s => s.Events.Count > 0).ToList();
        if (streams.Count == 0) return;

        // Each scorecard as this commit leaves it, with the set it is scored under: from the writer, or folded here.
        var known = Known.TryGetValue(session, out var k) ? k : [];
        Known.Remove(session);
        var cards = new Dictionary<string, (Scorecard Card, CriteriaSet? Set)>();
        foreach (var stream in streams.Where(s => s.Key?.StartsWith("scorecard-", StringComparison.Ordinal) == true))
            if (known.TryGetValue(stream.Key!, out var given)) cards[stream.Key!] = given;
            else if (stream.Events.Aggregate(await session.LoadAsync<Scorecard>(stream.Key!, token), (c, e) => Scorecard.Evolve(c, e.Data)) is { } card)
                cards[stream.Key!] = (card, null);
        foreach (var (key, (card, set)) in cards.Where(c => c.Value.Set is null).ToList())
            cards[key] = (card, await session.LoadAsync<CriteriaSet>(CriteriaSet.StreamKey(card.CriteriaSetId), token));
        var prepared = await AgencyHistory.PrepareAsync(session, streams, token);
        var effectiveAt = EffectiveTime.Value ?? (effective is null ? null : EffectiveTime.Microseconds(effective.GetUtcNow()));
        // An import gives each event the date its phase took effect (EffectiveTime.Given); those are checked like the rest.
        var eventsGiven = streams.Any(s => s.Events.Any(EffectiveTime.IsGiven));
        var effectiveBefore = effectiveAt is null && !eventsGiven ? null : await EffectiveBeforeAsync(session, streams.Select(s => s.Key!).ToArray(), token);

        // A session that held the clock (HoldAsync) uses the instant it was given, once; any later commit ticks again.
        // The tick also reports, in its round trip, the rules version of each set read above (an amendment that landed
        // in between is seen) and each scorecard stream's committed version (the history records the version it reflects).
        var sets = cards.Values.Select(c => c.Set).OfType<CriteriaSet>().DistinctBy(s => s.SetId).ToList();
        DateTimeOffset recordedAt;
        IReadOnlyDictionary<string, int> rulesVersions;
        IReadOnlyDictionary<string, long> committed;
        if (Held.TryGetValue(session, out var held) && Held.Remove(session))
            (recordedAt, (rulesVersions, committed)) = ((DateTimeOffset)held, await VersionsAsync(session, sets, cards.Keys, token));
        else
        {
            var asked = System.Diagnostics.Stopwatch.GetTimestamp();
            (recordedAt, (rulesVersions, committed)) = await TickAsync(session, sets, cards.Keys, token);
            Timed.AddOrUpdate(session, new LedgerTelemetry.Commit(asked) { Ticked = System.Diagnostics.Stopwatch.GetTimestamp(), RecordedAt = recordedAt });
        }
        if (Timed.TryGetValue(session, out var timed)) timed.Streams = streams;
        foreach (var (key, (card, set)) in cards.ToList())
            if (set is not null && rulesVersions.TryGetValue(set.SetId, out var version) && version != set.RulesVersion)
                cards[key] = (card, await session.LoadAsync<CriteriaSet>(set.Id, token));
        // Participants stay with the session until it is disposed: one per session.
        if (macKey is not null && session is ITransactionParticipantRegistrar registrar && !Marked.TryGetValue(session, out _))
        {
            var marks = new EventMacs(macKey);
            Marked.Add(session, marks);
            registrar.AddTransactionParticipant(marks);
        }

        if (effectiveAt is { } at)
        {
            if (at > recordedAt)
                throw new EffectiveTimeRefused($"{EffectiveTime.Format(at)} is later than the instant the ledger records it ({EffectiveTime.Format(recordedAt)}): what is recorded has already taken effect");
            if (effectiveBefore!.FirstOrDefault(p => p.Value > at) is { Key: { } stream, Value: var last })
                throw new EffectiveTimeRefused($"{EffectiveTime.Format(at)} is before {stream}'s previous event took effect ({EffectiveTime.Format(last)}): a stream's events take effect in their order");
        }
        if (eventsGiven)
            foreach (var stream in streams)
            {
                // Along the stream, from its last committed event, each event's instant (given, else the commit's) never goes back.
                var previous = effectiveBefore!.TryGetValue(stream.Key!, out var committedAt) ? committedAt : (DateTimeOffset?)null;
                foreach (var e in stream.Events)
                {
                    var took = EffectiveTime.IsGiven(e) ? EffectiveTime.Of(e) : effectiveAt ?? recordedAt;
                    if (took > recordedAt)
                        throw new EffectiveTimeRefused($"{EffectiveTime.Format(took)} is later than the instant the ledger records it ({EffectiveTime.Format(recordedAt)}): what is recorded has already taken effect");
                    if (previous is { } last && took < last)
                        throw new EffectiveTimeRefused($"{EffectiveTime.Format(took)} is before {stream.Key}'s previous event took effect ({EffectiveTime.Format(last)}): a stream's events take effect in their order");
                    previous = took;
                }
            }

        IdempotencyKeys.Record(session, recordedAt);
        var actor = CurrentActor.Value;
        foreach (var stream in streams)
            foreach (var e in stream.Events)
            {
                e.Timestamp = recordedAt;
                if (effectiveAt is { } taken && !EffectiveTime.IsGiven(e)) e.SetHeader(EffectiveTime.Header, EffectiveTime.Format(taken));
                if (actor is null) continue;
                e.UserName = actor.Name;
                e.SetHeader("actorRole", actor.Role);
                if (actor.Agencies.Count > 0) e.SetHeader("actorAgencies", string.Join(",", actor.Agencies));
                if (actor.TokenId is not null) e.SetHeader("tokenId", actor.TokenId);
                if (actor.AccountId is not null) e.SetHeader("accountId", actor.AccountId);
            }

        // Each criteria set this commit amends, at its new rules version: every scorecard under it is scored again.
        var amended = new List<CriteriaSet>();
        foreach (var stream in streams.Where(s => s.Events.Any(e => e.Data is CriteriaSetAmended)))
            if (stream.Events.Aggregate(await session.LoadAsync<CriteriaSet>(stream.Key!, token), (c, e) => CriteriaSet.Evolve(c, e.Data)) is { } set)
                amended.Add(set);

        var appended = streams.Where(s => cards.ContainsKey(s.Key!)).ToDictionary(s => s.Key!, s => s.Events.Count);
        await ScoreHistory.RecordAsync(session,
            cards.Select(c => new ScoreHistory.Changed(c.Value.Card, c.Value.Set, committed.GetValueOrDefault(c.Key) + appended[c.Key], appended[c.Key])).ToList(),
            amended, recordedAt, token);
        AgencyHistory.Record(session, prepared, recordedAt);
        await AppealProjection.RecordAsync(session, streams, cards.ToDictionary(c => c.Key, c => c.Value.Card), recordedAt, token);
    }

    /// <summary>The commit has ended: its clock times, events and activity go to <see cref="LedgerTelemetry"/>.</summary>
    public override Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
    {
        if (Timed.TryGetValue(session, out var timed) && Timed.Remove(session)) timed.Committed();
        return Task.CompletedTask;
    }

    /// <summary>When each stream's last committed event took effect (streams without events are absent).</summary>
    private static async Task<IReadOnlyDictionary<string, DateTimeOffset>> EffectiveBeforeAsync(IDocumentSession session, string[] streams, CancellationToken ct)
    {
        await using var conn = new NpgsqlConnection(session.DocumentStore.Options.Tenancy.Default.Database.CreateConnection().ConnectionString);
        await conn.OpenAsync(ct);
        await using var cmd = new NpgsqlCommand(
            $"select e.stream_id, max({EffectiveTime.Sql}) from {LedgerStore.SchemaName}.mt_events e where e.stream_id = any(@streams) group by e.stream_id", conn);
        cmd.Parameters.AddWithValue("streams", streams);
        var found = new Dictionary<string, DateTimeOffset>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) found[reader.GetString(0)] = new DateTimeOffset(reader.GetDateTime(1), TimeSpan.Zero);
        return found;
    }

    /// <summary>
    /// Begins the session's transaction and moves the clock row (as its owner, through <c>ledger_tick()</c>) under the clock's
    /// transaction lock, held until the commit; in the same round trip, <see cref="VersionsSql"/>.
    /// </summary>
    private static async Task<(DateTimeOffset RecordedAt, (IReadOnlyDictionary<string, int> Rules, IReadOnlyDictionary<string, long> Streams) Versions)> TickAsync(
        IDocumentSession session, IReadOnlyCollection<CriteriaSet> sets, IReadOnlyCollection<string> cards, CancellationToken ct)
    {
        await session.BeginTransactionAsync(ct);
        await using var cmd = new NpgsqlCommand($"select {LedgerStore.SchemaName}.ledger_tick(); {VersionsSql}", (NpgsqlConnection)session.Connection!);
        AddVersionParameters(cmd, sets, cards);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var recordedAt = new DateTimeOffset(reader.GetDateTime(0), TimeSpan.Zero);
        await reader.NextResultAsync(ct);
        return (recordedAt, await ReadVersionsAsync(reader, ct));
    }

    /// <summary>The current rules version of each set (by set id), and the committed version of each stream (by stream key).</summary>
    private const string VersionsSql =
        $"select id, (data->>'rulesVersion')::int from {LedgerStore.SchemaName}.mt_doc_criteriaset where id = any(@sets); " +
        $"select id, version from {LedgerStore.SchemaName}.mt_streams where id = any(@streams)";

    private static async Task<(IReadOnlyDictionary<string, int>, IReadOnlyDictionary<string, long>)> VersionsAsync(IDocumentSession session,
        IReadOnlyCollection<CriteriaSet> sets, IReadOnlyCollection<string> cards, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(VersionsSql, (NpgsqlConnection)session.Connection!);
        AddVersionParameters(cmd, sets, cards);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        return await ReadVersionsAsync(reader, ct);
    }

    private static void AddVersionParameters(NpgsqlCommand cmd, IReadOnlyCollection<CriteriaSet> sets, IReadOnlyCollection<string> cards)
    {
        cmd.Parameters.AddWithValue("sets", sets.Select(s => s.Id).ToArray());
        cmd.Parameters.AddWithValue("streams", cards.ToArray());
    }

    private static async Task<(IReadOnlyDictionary<string, int>, IReadOnlyDictionary<string, long>)> ReadVersionsAsync(NpgsqlDataReader reader, CancellationToken ct)
    {
        var rules = new Dictionary<string, int>();
        while (await reader.ReadAsync(ct)) rules[reader.GetString(0)["criteria-set-".Length..]] = reader.GetInt32(1);
        await reader.NextResultAsync(ct);
        var streams = new Dictionary<string, long>();
        while (await reader.ReadAsync(ct)) streams[reader.GetString(0)] = reader.GetInt64(1);
        return (rules, streams);
    }
}

/// <summary>The two time axes of the ledger: when an event was recorded, and when what it records took effect (<see cref="EffectiveTime"/>).</summary>
public enum TimeAxis
{
    /// <summary>"What did the ledger say at t": every event recorded by then.</summary>
    Recorded,
    /// <summary>"What was in force at t, as the ledger knows it now": every event that had taken effect by then.</summary>
    Effective,
}

/// <summary>
/// An as-of instant as a cut of the ledger: every event recorded (or, on the <see cref="TimeAxis.Effective"/> axis,
/// that took effect) before <see cref="Bound"/>, the end of the millisecond that holds <see cref="Instant"/>. Recorded
/// instants never decrease along the sequence, so a recorded cut never holds a later event without every earlier
/// one; events of one millisecond (and of one transaction, which share an instant) are all in or all out. Effective
/// instants never decrease along a stream, so an effective cut is a prefix of every stream.
/// </summary>
public readonly record struct Cut(DateTimeOffset Instant, TimeAxis Axis = TimeAxis.Recorded)
{
    public DateTimeOffset Bound => new(Instant.UtcTicks - Instant.UtcTicks % TimeSpan.TicksPerMillisecond + TimeSpan.TicksPerMillisecond, TimeSpan.Zero);

    /// <summary>The latest instant inside the cut, for APIs that filter with "at or before".</summary>
    public DateTimeOffset Last => Bound.AddTicks(-1);

    public bool Effective => Axis == TimeAxis.Effective;

    /// <summary>Whether the cut holds an event recorded at <paramref name="recordedAt"/> that took effect at <paramref name="effectiveAt"/>.</summary>
    public bool Holds(DateTimeOffset recordedAt, DateTimeOffset? effectiveAt = null) => (Effective ? effectiveAt ?? recordedAt : recordedAt) < Bound;

    public bool Holds(IEvent e) => Holds(e.Timestamp, EffectiveTime.Of(e));
}
