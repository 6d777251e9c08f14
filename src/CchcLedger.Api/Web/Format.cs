using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Html;

namespace CchcLedger.Api.Web;

/// <summary>
/// Every number, date and time the pages show, written as their readers write them: <c>77,9</c>, <c>1.234</c>,
/// <c>15/01/2018</c>, <c>08:30</c> in Vietnam's time, with the full instant in a title for auditors. Numbers inside
/// SVG attributes, CSS and URLs use <see cref="Svg"/> and <see cref="AsOfValue"/>: the invariant culture.
/// </summary>
public sealed class Format(CultureInfo culture)
{
    /// <summary>Asia/Ho_Chi_Minh: UTC+7 all year, with no daylight saving since 1975, so a fixed offset is exact for every instant the ledger holds.</summary>
    public static readonly TimeSpan VietnamOffset = TimeSpan.FromHours(7);

    public static readonly Format Vietnamese = new(CultureInfo.GetCultureInfo("vi-VN"));

    /// <summary>Names in Vietnamese dictionary order (Bắc Sơn before Bình Gia, Đình Lập after Chi Lăng).</summary>
    public static readonly StringComparer NameOrder = StringComparer.Create(CultureInfo.GetCultureInfo("vi-VN"), ignoreCase: true);
    public static readonly Format English = new(CultureInfo.GetCultureInfo("en-GB"));

    public CultureInfo Culture => culture;

    public static DateTimeOffset Local(DateTimeOffset t) => t.ToOffset(VietnamOffset);

    /// <summary>
    /// A score, a total, an index or a leaf's points: always two decimals, as the official tables write them (<c>77,90</c>,
    /// <c>80,00</c>, <c>1,67</c>), so that a column never mixes <c>88,7</c> with <c>91,01</c>; a value stored with more
    /// decimals (the ledger keeps up to four, never rounds) shows them all: <c>0,2525</c>.
    /// </summary>
    public string Points(decimal? value) => value is { } v ? v.ToString(PointsPattern, culture) : "—";

    /// <summary>A change of points, always signed and with the decimals of <see cref="Points"/>: +1,50 · −0,25 · 0,00.</summary>
    public string Signed(decimal value) =>
        (value > 0 ? "+" : value < 0 ? "−" : "") + Math.Abs(value).ToString(PointsPattern, culture);

    private const string PointsPattern = "#,0.00##";

    /// <summary>
    /// A number of the rules or of what was typed, not a score: a maximum, a step, a threshold, a count, an axis tick, a
    /// duration; as written, without trailing zeros: 20 · 0,25 · 1.234.
    /// </summary>
    public string Number(decimal? value) => value is { } v ? v.ToString("#,0.####", culture) : "—";

    public string Signed(int value) => value == 0 ? "0" : (value > 0 ? "+" : "−") + Math.Abs(value).ToString("#,0", culture);

    public string Count(long value) => value.ToString("#,0", culture);

    public static string Date(DateTimeOffset t) => Local(t).ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);

    public static string DateTime(DateTimeOffset t) => Local(t).ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture);

    /// <summary>The whole recorded instant: local time to the microsecond and UTC, for a title.</summary>
    public static string Full(DateTimeOffset t) =>
        Local(t).ToString("dd/MM/yyyy HH:mm:ss.ffffff", CultureInfo.InvariantCulture) + " (UTC+7) · " +
        t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>A <c>time</c> element: the date and minute shown, the full instant in its title and datetime.</summary>
    public static IHtmlContent When(DateTimeOffset t, bool dateOnly = false) => Time(t, Full(t), dateOnly ? Date(t) : DateTime(t));

    /// <summary>
    /// An event's time as a reader of the decision means it: when it took effect, where that differs from when the ledger
    /// recorded it (a past year brought in, the demo told on its calendar); the tooltip gives both.
    /// </summary>
    public static IHtmlContent When(DateTimeOffset recordedAt, DateTimeOffset? effectiveAt, UiText t) =>
        effectiveAt is not { } effective || effective == recordedAt
            ? When(recordedAt)
            : Time(effective, $"{t.AxisEffective}: {Full(effective)} — {t.AxisRecorded}: {Full(recordedAt)}", DateTime(effective));

    private static HtmlString Time(DateTimeOffset at, string title, string text) => new(
        $"<time datetime=\"{at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture)}\" title=\"{WebUtility.HtmlEncode(title)}\">{text}</time>");

    /// <summary>A number for an SVG attribute or CSS: invariant, a dot, at most two decimals.</summary>
    public static string Svg(decimal value) => Math.Round(value, 2).ToString("0.##", CultureInfo.InvariantCulture);

    public static string Svg(double value) => Math.Round(value, 2).ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>
    /// An instant as the <c>asOf</c> of a URL: Vietnam's local time, to the minute when that is exact, else to the
    /// millisecond (the ledger's cut). Reopening the URL gives the same cut.
    /// </summary>
    public static string AsOfValue(DateTimeOffset t)
    {
        var local = Local(t);
        var format = local.Ticks % TimeSpan.TicksPerMinute == 0 ? "yyyy-MM-dd'T'HH:mm"
            : local.Ticks % TimeSpan.TicksPerSecond == 0 ? "yyyy-MM-dd'T'HH:mm:ss" : "yyyy-MM-dd'T'HH:mm:ss.fff";
        return local.ToString(format, CultureInfo.InvariantCulture);
    }

    /// <summary>The value of a datetime-local input: minutes, or seconds and milliseconds when the instant has them.</summary>
    public static string InputValue(DateTimeOffset? t) => t is { } v ? AsOfValue(v) : "";

    private static readonly string[] LocalFormats =
    [
        "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss",
        "dd/MM/yyyy HH:mm", "dd/MM/yyyy HH:mm:ss", "d/M/yyyy HH:mm", "d/M/yyyy H:mm",
    ];

    private static readonly string[] DateFormats = ["yyyy-MM-dd", "dd/MM/yyyy", "d/M/yyyy"];

    /// <summary>
    /// An instant as a person types or a picker sends it: ISO with an offset or Z, or Vietnam's local time
    /// (<c>2018-01-15T10:00</c>, <c>15/01/2018 10:00</c>); a date alone means the end of that day. Null when it is none of these.
    /// </summary>
    public static DateTimeOffset? ParseInstant(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        text = text.Trim();
        var hasOffset = text.EndsWith('Z') || text.EndsWith('z') || System.Text.RegularExpressions.Regex.IsMatch(text, @"T.*[+-]\d\d:?\d\d$");
        if (hasOffset)
            return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var withOffset) ? withOffset : null;
        if (System.DateTime.TryParseExact(text, LocalFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
            return new DateTimeOffset(local, VietnamOffset);
        if (System.DateTime.TryParseExact(text, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            return new DateTimeOffset(day.AddDays(1).AddMilliseconds(-1), VietnamOffset);
        return null;
    }
}
