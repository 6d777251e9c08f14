using System.Globalization;
using System.Text;
using CsvHelper;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace CchcLedger.Api.Exports;

/// <summary>
/// A table to hand back to a province: a title, a header block (year, block, rules, the decision and the digest of the
/// publication the figures come from), then Vietnamese column headings and the rows. Numbers stay numbers (decimal).
/// </summary>
public sealed record ExportTable(string Sheet, string Title, IReadOnlyList<(string Label, string Value)> Header, IReadOnlyList<string> Columns,
    IReadOnlyList<IReadOnlyList<object?>> Rows, string FileName)
{
    public const string Xlsx = "xlsx";
    public const string Csv = "csv";

    public static string? CheckFormat(string? format) => format is null or Xlsx or Csv ? null : $"'{format}' is not a format: xlsx or csv";

    public IResult Answer(string? format) => (format ?? Xlsx) == Csv
        ? Results.File(ToCsv(), "text/csv; charset=utf-8", $"{FileName}.csv")
        : Results.File(ToXlsx(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"{FileName}.xlsx");

    /// <summary>
    /// CSV as RFC 4180 with a UTF-8 byte order mark (so that Excel reads the Vietnamese), comma-separated, numbers with a
    /// dot: the file is for machines as much as for people. The header block comes first as label,value lines, then an
    /// empty line, then the table.
    /// </summary>
    public byte[] ToCsv()
    {
        using var stream = new MemoryStream();
        using (var writer = CsvWriter.Create(stream, new CsvWriterOptions { WriteByteOrderMark = true, ValidateFieldCount = false }, leaveOpen: true))
        {
            writer.WriteRecord([Title]);
            foreach (var (label, value) in Header) writer.WriteRecord([label, value]);
            writer.WriteRecord([""]);
            writer.WriteRecord(Columns.ToArray());
            foreach (var row in Rows) writer.WriteRecord(row.Select(Text).ToArray());
        }
        return stream.ToArray();
    }

    public byte[] ToXlsx()
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook(new Sheets());
            var part = workbook.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            uint r = 0;
            void Row(IEnumerable<object?> cells)
            {
                var row = new Row { RowIndex = ++r };
                var c = 0;
                foreach (var value in cells)
                {
                    var reference = $"{Column(c++)}{r}";
                    if (value is null) continue;
                    row.Append(value is decimal or int or long
                        ? new Cell { CellReference = reference, CellValue = new CellValue(Convert.ToString(value, CultureInfo.InvariantCulture)!), DataType = CellValues.Number }
                        : new Cell { CellReference = reference, DataType = CellValues.InlineString, InlineString = new InlineString(new Text(value.ToString()!) { Space = SpaceProcessingModeValues.Preserve }) });
                }
                data.Append(row);
            }
            Row([Title]);
            foreach (var (label, value) in Header) Row([label, value]);
            Row([]);
            Row(Columns);
            foreach (var row in Rows) Row(row);
            part.Worksheet = new Worksheet(data);
            workbook.Workbook.Sheets!.Append(new Sheet { Id = workbook.GetIdOfPart(part), SheetId = 1, Name = Sheet });
            workbook.Workbook.Save();
        }
        return stream.ToArray();
    }

    private static string Text(object? value) => value switch
    {
        null => "",
        decimal d => (d / 1.0000000000000000000000000000m).ToString(CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static string Column(int index) => index < 26 ? ((char)('A' + index)).ToString() : Column(index / 26 - 1) + (char)('A' + index % 26);

    /// <summary>Instants as Vietnamese readers write them, in Vietnam's time, with the UTC instant beside it for auditors.</summary>
    public static string At(DateTimeOffset t) =>
        $"{t.ToOffset(TimeSpan.FromHours(7)):dd/MM/yyyy HH:mm} (giờ Việt Nam; {t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture)})";

    /// <summary>A name for a file without diacritics, for old clients: "Khối UBND cấp huyện" → "khoi-ubnd-cap-huyen".</summary>
    public static string Slug(string text)
    {
        var plain = new StringBuilder();
        foreach (var c in text.Replace('đ', 'd').Replace('Đ', 'D').Normalize(NormalizationForm.FormD))
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark) plain.Append(char.IsLetterOrDigit(c) && c < 128 ? char.ToLowerInvariant(c) : '-');
        return string.Join('-', plain.ToString().Split('-', StringSplitOptions.RemoveEmptyEntries));
    }
}
