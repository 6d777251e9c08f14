using CchcLedger.Domain.Criteria;
using CchcLedger.Domain.Scorecards;
using Marten;
using Marten.Services;
using Npgsql;
using Weasel.Postgresql.Tables;

namespace CchcLedger.Projections;

/// <summary>
/// The ledger's recorded instants. Every commit that appends events first upserts one row of <c>ledger_clock</c>:
/// the row lock serialises appending transactions from that point until they commit, so sequence numbers (drawn
/// after it) follow commit order, and every event of the commit is stamped with one recorded instant,
/// <c>greatest(now, the previous instant)</c>, that never decreases along the sequence. An "as of" instant is then
/// a clean cut of the sequence: all the events of a transaction share an instant, so they are all in or all out.
/// The history projections that serve as-of views are maintained here too, in the same transaction, under the lock,
/// and the acting principal (<see cref="CurrentActor"/>) is stamped on every event. A writer that must read a
/// consistent ledger before it appends (a publication) takes the lock first with <see cref="HoldAsync"/>.
/// </summary>
public sealed class LedgerClock(TimeProvider clock) : DocumentSessionListenerBase
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

    /// <summary>
    /// Takes the ledger's clock for <paramref name="session"/> before it reads what it will append from: begins its
    /// transaction and locks the clock row, so no other commit lands until this session's does. Returns the recorded
    /// instant its events will get and the sequence of the last event committed before them.
    /// </summary>
    public static async Task<(DateTimeOffset RecordedAt, long LastSequence)> HoldAsync(IDocumentSession session, TimeProvider clock, CancellationToken ct = default)
    {
        var recordedAt = await TickAsync(session, clock, ct);
        Held.AddOrUpdate(session, recordedAt);
        await using var cmd = new NpgsqlCommand($"select coalesce(max(seq_id), 0) from {LedgerStore.SchemaName}.mt_events", (NpgsqlConnection)session.Connection!);
        return (recordedAt, (long)(await cmd.ExecuteScalarAsync(ct))!);
    }

    public override async Task BeforeSaveChangesAsync(IDocumentSession session, CancellationToken token)
    {
        var streams = session.PendingChanges.Streams().Where(s => s.Events.Count > 0).ToList();
        if (streams.Count == 0) return;

        // A session that held the clock (HoldAsync) uses the instant it was given, once; any later commit ticks again.
        var recordedAt = Held.TryGetValue(session, out var held) && Held.Remove(session) ? (DateTimeOffset)held : await TickAsync(session, clock, token);
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

        // Each scorecard as this commit leaves it, folded once and shared by the projections that need it.
        var cards = new Dictionary<string, Scorecard>();
        foreach (var stream in streams.Where(s => s.Key?.StartsWith("scorecard-", StringComparison.Ordinal) == true))
            if (stream.Events.Aggregate(await session.LoadAsync<Scorecard>(stream.Key!, token), (c, e) => Scorecard.Evolve(c, e.Data)) is { } card)
                cards[stream.Key!] = card;
        // Each criteria set this commit amends, at its new rules version: every scorecard under it is scored again.
        var amended = new List<CriteriaSet>();
        foreach (var stream in streams.Where(s => s.Events.Any(e => e.Data is CriteriaSetAmended)))
            if (stream.Events.Aggregate(await session.LoadAsync<CriteriaSet>(stream.Key!, token), (c, e) => CriteriaSet.Evolve(c, e.Data)) is { } set)
                amended.Add(set);

        var appended = streams.Where(s => cards.ContainsKey(s.Key!)).ToDictionary(s => s.Key!, s => s.Events.Count);
        await ScoreHistory.RecordAsync(session, cards.Values, appended, amended, recordedAt, token);
        await AgencyHistory.RecordAsync(session, streams, recordedAt, token);
        await AppealProjection.RecordAsync(session, streams, cards, recordedAt, token);
    }

    /// <summary>Begins the session's transaction and moves the clock row: its lock is held until the commit.</summary>
    private static async Task<DateTimeOffset> TickAsync(IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        await session.BeginTransactionAsync(ct);
        await using var cmd = new NpgsqlCommand(
            $"insert into {LedgerStore.SchemaName}.{Table} (id, recorded_at) values (1, @now) " +
            $"on conflict (id) do update set recorded_at = greatest({Table}.recorded_at, excluded.recorded_at) returning recorded_at",
            (NpgsqlConnection)session.Connection!);
        cmd.Parameters.AddWithValue("now", Microseconds(clock.GetUtcNow()));
        return new DateTimeOffset((DateTime)(await cmd.ExecuteScalarAsync(ct))!, TimeSpan.Zero);
    }

    /// <summary>PostgreSQL keeps microseconds; the instant handed out is the instant stored.</summary>
    private static DateTimeOffset Microseconds(DateTimeOffset t) => new(t.UtcTicks - t.UtcTicks % 10, TimeSpan.Zero);
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
