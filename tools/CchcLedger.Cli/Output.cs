using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CchcLedger.Cli;

/// <summary>Readable tables, or JSON with <c>--json</c>; Vietnamese printed as it is, never escaped.</summary>
internal static class Output
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static void WriteJson(object value) => Console.WriteLine(JsonSerializer.Serialize(value, Json));

    /// <summary>A plain table; <paramref name="numbers"/> are the columns aligned right.</summary>
    public static void Table(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows, params int[] numbers)
    {
        var all = rows.ToList();
        var widths = headers.Select((h, i) => Math.Max(h.Length, all.Count == 0 ? 0 : all.Max(r => r[i].Length))).ToArray();
        string Line(IReadOnlyList<string> cells) =>
            string.Join("  ", cells.Select((c, i) => numbers.Contains(i) ? c.PadLeft(widths[i]) : c.PadRight(widths[i]))).TrimEnd();
        Console.WriteLine(Line(headers));
        Console.WriteLine(string.Join("  ", widths.Select(w => new string('─', w))));
        foreach (var row in all) Console.WriteLine(Line(row));
    }

    public static string N(decimal? value) => value?.ToString("0.##", CultureInfo.InvariantCulture) ?? "–";

    public static string Signed(decimal? value) => value is null ? "–" : (value > 0 ? "+" : "") + N(value);

    public static string At(DateTimeOffset? t) => t?.ToString("yyyy-MM-dd HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture) ?? "now";
}
