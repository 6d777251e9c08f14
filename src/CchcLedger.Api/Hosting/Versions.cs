using CchcLedger.Domain;

namespace CchcLedger.Api.Hosting;

/// <summary>
/// Optimistic concurrency for people: a scorecard and a criteria set carry their stream version as a strong
/// <c>ETag</c> (<c>"12"</c>); a write that sends <c>If-Match</c> with the version it saw is refused (412) and writes
/// nothing when the record has moved on since, so a page left open never overwrites a newer value.
/// </summary>
public static class Versions
{
    public static string ETag(long version) => $"\"{version}\"";

    /// <summary>The version an <c>If-Match</c> asks for: null when there is none (or <c>*</c>), or a refusal when it is not one of ours.</summary>
    public static (long? Version, Refusal? Refusal) Expected(HttpContext http)
    {
        var header = http.Request.Headers.IfMatch.ToString().Trim();
        if (header.Length == 0 || header == "*") return (null, null);
        return header.Length > 2 && header[0] == '"' && header[^1] == '"' && long.TryParse(header[1..^1], System.Globalization.NumberStyles.None,
                   System.Globalization.CultureInfo.InvariantCulture, out var version)
            ? (version, null)
            : (null, Refusal.Invalid("If-Match", $"must be one ETag this ledger gave, such as \"12\" (quotes included), or *; got {header}"));
    }

    /// <summary>Null when the record is at the version asked for (or none was asked for).</summary>
    public static Refusal? Check(long? expected, long current, string what) =>
        expected is { } v && v != current
            ? Refusal.Stale("If-Match", $"{what} is at version {current}, not {v}: it was changed after you read it. Nothing was written; read it again")
            : null;

    public static void Tag(HttpContext http, long version) => http.Response.Headers.ETag = ETag(version);
}
