using System.Globalization;
using System.Text;

namespace CchcLedger.Domain.Imports;

/// <summary>A sheet as read from a file (XLSX or CSV), every cell as its text; <see cref="RawRow.Number"/> is the row number a spreadsheet shows.</summary>
public sealed record RawSheet(string Name, IReadOnlyList<RawRow> Rows);

public sealed record RawRow(int Number, IReadOnlyList<string?> Cells)
{
    public bool IsBlank => Cells.All(string.IsNullOrWhiteSpace);
}

/// <summary>
/// One thing wrong with a file, where a person finds it: the sheet, the row number and the column (letter and heading)
/// as the spreadsheet shows them, and the reason in Vietnamese. Row and column are null for what concerns the whole file.
/// </summary>
public sealed record ImportProblem(string Sheet, int? Row, string? Column, string Reason)
{
    public override string ToString() => $"{Sheet}{(Row is { } r ? $", dòng {r}" : "")}{(Column is { } c ? $", cột {c}" : "")}: {Reason}";
}

/// <summary>A column the importer looks for, by the headings provinces write (compared without case, NFC).</summary>
public sealed record ImportColumn(string Key, bool Required, params string[] Headings);

/// <summary>A sheet whose heading row was found: each column the importer knows, by key, with its letter and heading.</summary>
public sealed class ImportTable
{
    private readonly Dictionary<string, (int Index, string Heading)> _columns;

    private ImportTable(RawSheet sheet, int headerRow, Dictionary<string, (int, string)> columns, IReadOnlyList<RawRow> rows) =>
        (Sheet, HeaderRow, _columns, Rows) = (sheet.Name, headerRow, columns, rows);

    public string Sheet { get; }
    public int HeaderRow { get; }
    /// <summary>The rows below the heading row, blank ones left out.</summary>
    public IReadOnlyList<RawRow> Rows { get; }

    public bool Has(string key) => _columns.ContainsKey(key);

    /// <summary>The column as a person names it: its letter and heading, <c>C (Điểm tối đa)</c>.</summary>
    public string Column(string key) => _columns.TryGetValue(key, out var c) ? $"{Letter(c.Index)} ({c.Heading})" : key;

    public string? Cell(RawRow row, string key) =>
        _columns.TryGetValue(key, out var c) && c.Index < row.Cells.Count && row.Cells[c.Index] is { } text && !string.IsNullOrWhiteSpace(text)
            ? Text.Nfc(text.Trim())
            : null;

    public ImportProblem Problem(RawRow row, string key, string reason) => new(Sheet, row.Number, Column(key), reason);

    /// <summary>
    /// The heading row is the first of the first 30 rows holding every required heading (a province's appendix has
    /// its title and decision above the table); null, with the problem, when there is none.
    /// </summary>
    public static (ImportTable? Table, ImportProblem? Problem) Locate(RawSheet sheet, IReadOnlyList<ImportColumn> columns)
    {
        foreach (var row in sheet.Rows.Take(30))
        {
            var found = new Dictionary<string, (int, string)>();
            for (var i = 0; i < row.Cells.Count; i++)
            {
                if (row.Cells[i] is not { } cell || string.IsNullOrWhiteSpace(cell)) continue;
                var heading = Normalise(cell);
                if (columns.FirstOrDefault(c => !found.ContainsKey(c.Key) && c.Headings.Any(h => Normalise(h) == heading)) is { } column)
                    found[column.Key] = (i, Text.Nfc(cell.Trim())!);
            }
            if (columns.Where(c => c.Required).All(c => found.ContainsKey(c.Key)))
                return (new ImportTable(sheet, row.Number, found, sheet.Rows.Where(r => r.Number > row.Number && !r.IsBlank).ToList()), null);
        }
        var required = string.Join(", ", columns.Where(c => c.Required).Select(c => $"“{c.Headings[0]}”"));
        return (null, new ImportProblem(sheet.Name, null, null, $"Không tìm thấy dòng tiêu đề của bảng: cần các cột {required} (trong 30 dòng đầu)."));
    }

    /// <summary>Column letters as spreadsheets write them: 0 → A, 25 → Z, 26 → AA.</summary>
    public static string Letter(int index)
    {
        var letters = "";
        for (var n = index + 1; n > 0; n = (n - 1) / 26) letters = (char)('A' + (n - 1) % 26) + letters;
        return letters;
    }

    private static string Normalise(string heading) =>
        string.Join(' ', heading.Normalize(NormalizationForm.FormC).ToLower(CultureInfo.GetCultureInfo("vi-VN")).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}

/// <summary>Numbers as provinces write them: <c>18</c>, <c>18,5</c> (Vietnamese) or <c>18.5</c>; a ratio as <c>9/10</c>.</summary>
public static class ImportNumbers
{
    /// <summary>One decimal separator, comma or dot; no thousands separators (points are at most 1,000, so <c>1.000</c> would be ambiguous).</summary>
    public static decimal? Parse(string? text)
    {
        if (text is null) return null;
        var t = text.Trim().Replace('\u2212', '-').Replace(" ", "");
        if (t.EndsWith('%')) t = t[..^1];
        if (t.Count(c => c is ',' or '.') > 1) return null;
        t = t.Replace(',', '.');
        return decimal.TryParse(t, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) ? value : null;
    }

    public static (decimal Numerator, decimal Denominator)? ParseRatio(string? text) =>
        text?.Split('/') is [var n, var d] && Parse(n) is { } numerator && Parse(d) is { } denominator ? (numerator, denominator) : null;
}
