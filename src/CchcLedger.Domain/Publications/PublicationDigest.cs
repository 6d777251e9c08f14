using CchcLedger.Domain.Integrity;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CchcLedger.Domain.Criteria;
using CchcLedger.Domain.Scoring;

namespace CchcLedger.Domain.Publications;

/// <summary>
/// The canonical serialisation of a publication and its SHA-256 digest, specified in the README so that anyone can
/// recompute it: one line of JSON, no whitespace, keys in a fixed order, strings as stored (NFC) with only <c>"</c>,
/// <c>\</c> and control characters escaped, decimals in plain notation without trailing zeros, instants in UTC
/// with six fractional digits. The digest is the lower-case hex SHA-256 of its UTF-8 bytes.
/// </summary>
public static class PublicationDigest
{
    /// <summary>The format marker of publications that commit their streams; a publication without one is of format 1.</summary>
    public const string Format2 = "cchc-publication/2";

    /// <summary>
    /// The canonical line (docs/integrity/publication.md). Format 1: <c>{"year":…,"entries":[…]}</c>. Format 2 (with
    /// <paramref name="streams"/>): <c>{"format":"cchc-publication/2","year":…,"entries":[…],"streams":[{"id":…,"version":n},…]}</c>,
    /// streams sorted by id, ordinally.
    /// </summary>
    public static string Canonical(int year, string block, int number, int round, PreviousPublication? previous, SetRef set,
        DateTimeOffset publishedAt, long throughSequence, string decisionRef, IReadOnlyList<RankedEntry> entries, IReadOnlyList<StreamVersion>? streams = null)
    {
        var json = new StringBuilder("{");
        if (streams is not null) json.Append("\"format\":").Append(Str(Format2)).Append(',');
        json.Append("\"year\":").Append(year)
            .Append(",\"block\":").Append(Str(block))
            .Append(",\"number\":").Append(number)
            .Append(",\"round\":").Append(round)
            .Append(",\"previous\":").Append(previous is null ? "null" : $"{{\"number\":{previous.Number},\"digest\":{Str(previous.Digest)}}}")
            .Append(",\"criteriaSet\":{\"id\":").Append(Str(set.Id)).Append(",\"version\":").Append(set.Version).Append('}')
            .Append(",\"publishedAt\":").Append(Str(Instant(publishedAt)))
            .Append(",\"throughSequence\":").Append(throughSequence)
            .Append(",\"decisionRef\":").Append(Str(decisionRef))
            .Append(",\"entries\":[");
        for (var i = 0; i < entries.Count; i++)
        {
            var e = entries[i];
            if (i > 0) json.Append(',');
            json.Append("{\"rank\":").Append(e.Rank)
                .Append(",\"agency\":").Append(Str(e.Agency))
                .Append(",\"name\":").Append(Str(e.Name))
                .Append(",\"total\":").Append(Number(e.Total))
                .Append(",\"index\":").Append(Number(e.Index))
                .Append(",\"classification\":").Append(Str(e.Classification))
                .Append('}');
        }
        json.Append(']');
        if (streams is not null)
        {
            json.Append(",\"streams\":[");
            var first = true;
            foreach (var s in streams.OrderBy(s => s.Id, StringComparer.Ordinal))
            {
                if (!first) json.Append(',');
                first = false;
                json.Append("{\"id\":").Append(Str(s.Id)).Append(",\"version\":").Append(s.Version).Append('}');
            }
            json.Append(']');
        }
        return json.Append('}').ToString();
    }

    public static string Of(string canonical) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));

    public static string Of(RankingPublished p) => Of(Canonical(p));

    /// <summary>
    /// The canonical line of a stored publication. A format this code does not know has none: guessing format 1's line
    /// for it would hash what it never committed (docs/integrity/publication.md, "Telling the formats apart").
    /// </summary>
    /// <exception cref="InvalidDataException">The publication's format is unknown, or a format-2 publication has no streams.</exception>
    public static string Canonical(RankingPublished p) =>
        FormatProblem(p) is { } problem
            ? throw new InvalidDataException(problem)
            : Canonical(p.Year, p.Block, p.Number, p.Round, p.Previous, p.CriteriaSet, p.PublishedAt, p.ThroughSequence, p.DecisionRef, p.Entries,
                p.Format == Format2 ? p.Streams : null);

    /// <summary>Null when the publication is of a format with a canonical line (1: no format; 2, with its streams); otherwise why not.</summary>
    public static string? FormatProblem(RankingPublished p) => p.Format switch
    {
        null => null,
        Format2 when p.Streams is null => $"the publication is of format '{Format2}' but commits no streams",
        Format2 => null,
        var other => $"the publication's format '{other}' is unknown: it has no canonical line to hash",
    };

    /// <summary>77.90 → 77.9, 80.00 → 80, -0.50 → -0.5: the value, not the scale it happened to be computed with.</summary>
    public static string Number(decimal value) =>
        (value / 1.0000000000000000000000000000m).ToString(CultureInfo.InvariantCulture);

    public static string Instant(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    private static string Str(string value)
    {
        var s = new StringBuilder("\"");
        foreach (var c in value)
            s.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                < ' ' => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        return s.Append('"').ToString();
    }
}
