using CchcLedger.Domain.Criteria;
using CchcLedger.Domain.Scorecards;
using Marten;
using Marten.Services;
using Npgsql;
using Weasel.Postgresql.Tables;

namespace CchcLedger.Projections;

/// <summary>
/// The ledger's recorded instants. Every commit that appends events first calls the database's
/// <c>ledger_tick()</c>, which moves the one row of <c>ledger_clock</c> to the database's own time, never backwards,
/// and returns it: the row lock serialises appending transactions from that point until they commit, so sequence
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
public sealed class LedgerClock(byte[]? macKey = null) : DocumentSessionListenerBase
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

    /// <summary>
    /// Takes the ledger's clock for <paramref name="session"/> before it reads what it will append from: begins its
    /// transaction and locks the clock row, so no other commit lands until this session's does. Returns the recorded
    /// instant its events will get and the sequence of the last event committed before them.
    /// </summary>
    public static async Task<(DateTimeOffset RecordedAt, long LastSequence)> HoldAsync(IDocumentSession session, CancellationToken ct = default)
    {
        var (recordedAt, _) = await TickAsync(session, [], ct);
        Held.AddOrUpdate(session, recordedAt);
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

        // A session that held the clock (HoldAsync) uses the instant it was given, once; any later commit ticks again.
        // The tick also reports the rules version of each set read above: an amendment that landed in between is seen.
        var sets = cards.Values.Select(c => c.Set).OfType<CriteriaSet>().DistinctBy(s => s.SetId).ToList();
        DateTimeOffset recordedAt;
        IReadOnlyDictionary<string, int> rulesVersions;
        if (Held.TryGetValue(session, out var held) && Held.Remove(session)) (recordedAt, rulesVersions) = ((DateTimeOffset)held, await RulesVersionsAsync(session, sets, token));
        else (recordedAt, rulesVersions) = await TickAsync(session, sets, token);
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

        IdempotencyKeys.Record(session, recordedAt);
        var actor = CurrentActor.Value;
        foreach (var stream in streams)
            foreach (var e in stream.Events)
            {
                e.Timestamp = recordedAt;
                if (actor is null) continue;
                e.UserName = actor.Name;
                e.SetHeader("actorRole", actor.Role);
                if (actor.Agencies.Count > 0) e.SetHeader("actorAgencies", string.Join(",", actor.Agencies));
                if (actor.TokenId is not null) e.SetHeader("tokenId", actor.TokenId);
            }

        // Each criteria set this commit amends, at its new rules version: every scorecard under it is scored again.
        var amended = new List<CriteriaSet>();
        foreach (var stream in streams.Where(s => s.Events.Any(e => e.Data is CriteriaSetAmended)))
            if (stream.Events.Aggregate(await session.LoadAsync<CriteriaSet>(stream.Key!, token), (c, e) => CriteriaSet.Evolve(c, e.Data)) is { } set)
                amended.Add(set);

        await ScoreHistory.RecordAsync(session, cards.Values.ToList(), amended, recordedAt, token);
        AgencyHistory.Record(session, prepared, recordedAt);
        await AppealProjection.RecordAsync(session, streams, cards.ToDictionary(c => c.Key, c => c.Value.Card), recordedAt, token);
    }

    /// <summary>
    /// Begins the session's transaction and moves the clock row (as its owner, through <c>ledger_tick()</c>), whose lock is
    /// held until the commit; in the same round trip, the current rules version of each of <paramref name="sets"/>.
    /// </summary>
    private static async Task<(DateTimeOffset RecordedAt, IReadOnlyDictionary<string, int> RulesVersions)> TickAsync(IDocumentSession session,
        IReadOnlyCollection<CriteriaSet> sets, CancellationToken ct)
    {
        await session.BeginTransactionAsync(ct);
        await using var cmd = new NpgsqlCommand($"select {LedgerStore.SchemaName}.ledger_tick(); " + RulesVersionsSql, (NpgsqlConnection)session.Connection!);
        cmd.Parameters.AddWithValue("sets", sets.Select(s => s.Id).ToArray());
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var recordedAt = new DateTimeOffset(reader.GetDateTime(0), TimeSpan.Zero);
        await reader.NextResultAsync(ct);
        return (recordedAt, await ReadRulesVersionsAsync(reader, ct));
    }

    private const string RulesVersionsSql = $"select id, (data->>'rulesVersion')::int from {LedgerStore.SchemaName}.mt_doc_criteriaset where id = any(@sets)";

    private static async Task<IReadOnlyDictionary<string, int>> RulesVersionsAsync(IDocumentSession session, IReadOnlyCollection<CriteriaSet> sets, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(RulesVersionsSql, (NpgsqlConnection)session.Connection!);
        cmd.Parameters.AddWithValue("sets", sets.Select(s => s.Id).ToArray());
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        return await ReadRulesVersionsAsync(reader, ct);
    }

    private static async Task<IReadOnlyDictionary<string, int>> ReadRulesVersionsAsync(NpgsqlDataReader reader, CancellationToken ct)
    {
        var versions = new Dictionary<string, int>();
        while (await reader.ReadAsync(ct)) versions[reader.GetString(0)["criteria-set-".Length..]] = reader.GetInt32(1);
        return versions;
    }
}

/// <summary>
/// An as-of instant as a cut of the ledger: every event recorded before <see cref="Bound"/>, the end of the
/// millisecond that holds <see cref="Instant"/>. Recorded instants never decrease along the sequence, so the cut
/// never holds a later event without every earlier one; events of one millisecond (and of one transaction,
/// which share an instant) are all in or all out.
/// </summary>
public readonly record struct Cut(DateTimeOffset Instant)
{
    public DateTimeOffset Bound => new(Instant.UtcTicks - Instant.UtcTicks % TimeSpan.TicksPerMillisecond + TimeSpan.TicksPerMillisecond, TimeSpan.Zero);

    /// <summary>The latest recorded instant inside the cut, for APIs that filter with "at or before".</summary>
    public DateTimeOffset Last => Bound.AddTicks(-1);

    public bool Holds(DateTimeOffset recordedAt) => recordedAt < Bound;
}
