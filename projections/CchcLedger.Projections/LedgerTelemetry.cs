using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace CchcLedger.Projections;

/// <summary>
/// What the ledger reports of its own work, as OpenTelemetry reads it (System.Diagnostics): the activity source and
/// the meter named <see cref="Name"/>. Nothing is recorded unless a listener (the API's telemetry, docs/operations.md)
/// is attached. Instruments:
/// <list type="bullet">
/// <item><c>cchc.clock.wait</c> (ms): how long an appending commit waited for the ledger clock, including the tick's round trip;</item>
/// <item><c>cchc.clock.held</c> (ms): how long it then held the clock, to the end of its commit (commits land one at a time, see <see cref="LedgerClock"/>);</item>
/// <item><c>cchc.events.appended</c> ({event}): events committed, by <c>event.type</c> (the stored type name, such as <c>points_adjusted</c>);</item>
/// <item><c>cchc.checkpoint.age</c> (s): time since this process last signed a checkpoint of the chain;</item>
/// <item><c>cchc.verifications</c> ({run}): whole-ledger verifications, by <c>verdict</c> (<c>ok</c> or the first failure's kind);</item>
/// <item><c>cchc.idempotency.replays</c> ({request}): requests answered from an earlier request with the same key.</item>
/// </list>
/// Each appending commit is also an activity <c>cchc.commit</c> (from the clock's tick to the end of the commit), a child of
/// the request that made it, tagged with its event count, streams and recorded instant.
/// </summary>
public static class LedgerTelemetry
{
    public const string Name = "CchcLedger";

    public static readonly ActivitySource Source = new(Name, typeof(LedgerTelemetry).Assembly.GetName().Version?.ToString());
    public static readonly Meter Meter = new(Name, typeof(LedgerTelemetry).Assembly.GetName().Version?.ToString());

    public static readonly Histogram<double> ClockWait = Meter.CreateHistogram<double>("cchc.clock.wait", "ms",
        "Time an appending commit waited for the ledger clock, including the tick's round trip");
    public static readonly Histogram<double> ClockHeld = Meter.CreateHistogram<double>("cchc.clock.held", "ms",
        "Time an appending commit held the ledger clock, from its tick to the end of its commit");
    public static readonly Counter<long> EventsAppended = Meter.CreateCounter<long>("cchc.events.appended", "{event}",
        "Events committed to the ledger, by event type");
    public static readonly Counter<long> Verifications = Meter.CreateCounter<long>("cchc.verifications", "{run}",
        "Whole-ledger verifications, by verdict");
    public static readonly Counter<long> IdempotentReplays = Meter.CreateCounter<long>("cchc.idempotency.replays", "{request}",
        "Requests answered from an earlier request with the same Idempotency-Key");

    private static long _lastCheckpoint;

    static LedgerTelemetry() =>
        Meter.CreateObservableGauge("cchc.checkpoint.age", () =>
            Interlocked.Read(ref _lastCheckpoint) is var at and > 0
                ? [new Measurement<double>(Stopwatch.GetElapsedTime(at).TotalSeconds)]
                : Array.Empty<Measurement<double>>(),
            "s", "Time since this process last signed a checkpoint of the chain");

    /// <summary>A checkpoint was signed now.</summary>
    public static void Checkpointed() => Interlocked.Exchange(ref _lastCheckpoint, Stopwatch.GetTimestamp());

    /// <summary>One appending commit, from the moment it asked for the clock (see <see cref="LedgerClock"/>).</summary>
    internal sealed class Commit(long asked)
    {
        public long Asked { get; } = asked;
        public long Ticked { get; set; }
        public DateTimeOffset RecordedAt { get; set; }
        public IReadOnlyList<JasperFx.Events.StreamAction> Streams { get; set; } = [];

        /// <summary>Records the commit that has just ended: its waits, its events by type, and its activity.</summary>
        public void Committed()
        {
            var streams = Streams;
            var end = Stopwatch.GetTimestamp();
            ClockWait.Record(Stopwatch.GetElapsedTime(Asked, Ticked).TotalMilliseconds);
            ClockHeld.Record(Stopwatch.GetElapsedTime(Ticked, end).TotalMilliseconds);
            if (EventsAppended.Enabled)
                foreach (var e in streams.SelectMany(s => s.Events))
                    EventsAppended.Add(1, new KeyValuePair<string, object?>("event.type", e.EventTypeName));
            if (!Source.HasListeners()) return;
            // A span is timed on the machine's clock, like every other span of the request; it is never ledger data.
            var now = TimeProvider.System.GetUtcNow();
            using var activity = Source.StartActivity("cchc.commit", ActivityKind.Internal, parentContext: default,
                startTime: now - Stopwatch.GetElapsedTime(Asked, end));
            if (activity is null) return;
            activity.SetTag("cchc.events", streams.Sum(s => s.Events.Count));
            activity.SetTag("cchc.streams", string.Join(",", streams.Select(s => s.Key)));
            activity.SetTag("cchc.recorded_at", RecordedAt.ToString("O"));
            activity.SetTag("cchc.clock.wait_ms", Stopwatch.GetElapsedTime(Asked, Ticked).TotalMilliseconds);
            activity.SetEndTime(now.UtcDateTime);
        }
    }
}
