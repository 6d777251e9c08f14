using System.Globalization;
using System.Text.Json;
using JasperFx.Events;

namespace CchcLedger.Projections;

/// <summary>
/// The second instant of an event: when what it records took effect (the date of the decision, of the council's
/// meeting, of the year being brought in from spreadsheets), where that differs from when the ledger recorded it.
/// It is data: a header <c>effectiveAt</c> (UTC, microseconds, <see cref="Format"/>), sealed into the chain with the
/// rest of the event. The recorded instant stays the ledger's own and is never backdated. An event without the
/// header took effect when it was recorded. Within a stream, effective instants never go backwards, and none is
/// later than the instant the event is recorded, so "in force at D" is a prefix of every stream as "recorded by D" is.
/// </summary>
public static class EffectiveTime
{
    public const string Header = "effectiveAt";

    private static readonly AsyncLocal<DateTimeOffset?> Current = new();

    /// <summary>The effective instant given to the commits of the current request or operation, if any.</summary>
    public static DateTimeOffset? Value => Current.Value;

    public static IDisposable Use(DateTimeOffset effectiveAt)
    {
        var previous = Current.Value;
        Current.Value = Microseconds(effectiveAt);
        return new Restore(previous);
    }

    /// <summary>PostgreSQL keeps microseconds, and so does the header.</summary>
    public static DateTimeOffset Microseconds(DateTimeOffset t) => new(t.UtcTicks - t.UtcTicks % 10, TimeSpan.Zero);

    public static string Format(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>
    /// Gives one pending event its own effective instant, before the commit (an import whose phases took effect on their
    /// own dates, all in one transaction); the commit checks it as it checks <see cref="Use"/>.
    /// </summary>
    public static void Give(IEvent pending, DateTimeOffset effectiveAt) => pending.SetHeader(Header, Format(Microseconds(effectiveAt)));

    public static bool IsGiven(IEvent e) => e.Headers?.ContainsKey(Header) == true;

    /// <summary>When an event took effect: its header, else its recorded instant.</summary>
    public static DateTimeOffset Of(IEvent e) =>
        e.Headers?.TryGetValue(Header, out var value) == true && Parse(value) is { } at ? at : e.Timestamp;

    private static DateTimeOffset? Parse(object? value) => value switch
    {
        string s => DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
        JsonElement { ValueKind: JsonValueKind.String } j => DateTimeOffset.Parse(j.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
        DateTimeOffset d => d,
        // Marten reads a header that looks like an instant back as a DateTime: the header is written in UTC.
        DateTime d => new DateTimeOffset(d.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(d, DateTimeKind.Utc) : d.ToUniversalTime()),
        _ => null,
    };

    /// <summary>The SQL of an event row's effective instant (alias <c>e</c>).</summary>
    public const string Sql = "coalesce((e.headers->>'effectiveAt')::timestamptz, e.timestamp)";

    private sealed class Restore(DateTimeOffset? previous) : IDisposable
    {
        public void Dispose() => Current.Value = previous;
    }
}

/// <summary>An effective instant the ledger cannot record: later than the recording itself, or before what its stream already holds.</summary>
public sealed class EffectiveTimeRefused(string reason) : Exception(reason);
