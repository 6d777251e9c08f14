using System.Globalization;
using System.Text;
using CchcLedger.Domain.Imports;
using CsvHelper;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace CchcLedger.Api.Imports;

/// <summary>
/// Reads the files provinces work with into sheets of text cells, with the row numbers a spreadsheet shows: XLSX
/// through the Open XML SDK, CSV through CsvHelper (comma, semicolon or tab, UTF-8). Nothing is parsed by hand; what
/// the cells mean is the importers' business (<c>Domain/Imports</c>).
/// </summary>
public static class SpreadsheetReader
{
    public static (IReadOnlyList<RawSheet> Sheets, ImportProblem? Problem) Read(string fileName, byte[] content)
    {
        if (content.Length == 0) return ([], new ImportProblem(fileName, null, null, "Tệp rỗng."));
        if (content is [0x50, 0x4B, 0x03, 0x04, ..]) return ReadXlsx(fileName, content);
        if (content is [0xD0, 0xCF, 0x11, 0xE0, ..])
            return ([], new ImportProblem(fileName, null, null, "Tệp Excel 97–2003 (.xls) chưa được hỗ trợ: mở bằng Excel và lưu lại dạng .xlsx hoặc CSV UTF-8."));
        return ReadCsv(fileName, content);
    }

    private static (IReadOnlyList<RawSheet>, ImportProblem?) ReadXlsx(string fileName, byte[] content)
    {
        try
        {
            using var stream = new MemoryStream(content, writable: false);
            using var document = SpreadsheetDocument.Open(stream, false);
            var workbook = document.WorkbookPart ?? throw new InvalidDataException("no workbook");
            var shared = workbook.SharedStringTablePart?.SharedStringTable.Elements<SharedStringItem>().Select(i => i.InnerText).ToArray() ?? [];
            var sheets = new List<RawSheet>();
            foreach (var sheet in workbook.Workbook.Sheets?.Elements<Sheet>() ?? [])
            {
                if (sheet.Id?.Value is not { } id || workbook.GetPartById(id) is not WorksheetPart part) continue;
                var rows = new List<RawRow>();
                foreach (var row in part.Worksheet.Descendants<Row>())
                {
                    var cells = new List<string?>();
                    foreach (var cell in row.Elements<Cell>())
                    {
                        var index = ColumnIndex(cell.CellReference?.Value) ?? cells.Count;
                        while (cells.Count < index) cells.Add(null);
                        cells.Add(TextOf(cell, shared));
                    }
                    rows.Add(new RawRow((int)(row.RowIndex?.Value ?? (uint)(rows.Count + 1)), cells));
                }
                sheets.Add(new RawSheet(Domain.Text.Nfc(sheet.Name?.Value) ?? $"Sheet{sheets.Count + 1}", rows));
            }
            return (sheets, null);
        }
        catch (Exception e) when (e is InvalidDataException or OpenXmlPackageException or System.IO.IOException or FormatException or System.Xml.XmlException)
        {
            return ([], new ImportProblem(fileName, null, null, $"Không đọc được tệp XLSX ({e.Message})."));
        }
    }

    /// <summary>
    /// A cell's text: shared and inline strings as written; numbers as Excel shows them (XLSX stores binary doubles, so
    /// 0.3 may be stored as 0.30000000000000004: 15 significant digits, as Excel displays, give back what was typed).
    /// </summary>
    private static string? TextOf(Cell cell, string[] shared)
    {
        var raw = cell.CellValue?.Text;
        if (cell.DataType?.Value == CellValues.SharedString)
            return int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < shared.Length ? shared[i] : null;
        if (cell.DataType?.Value == CellValues.InlineString) return cell.InlineString?.InnerText;
        if (cell.DataType?.Value == CellValues.String || cell.DataType?.Value == CellValues.Boolean) return raw;
        if (raw is null) return null;
        return double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d.ToString("G15", CultureInfo.InvariantCulture) : raw;
    }

    /// <summary>"AB12" → 27.</summary>
    private static int? ColumnIndex(string? reference)
    {
        if (string.IsNullOrEmpty(reference)) return null;
        var n = 0;
        foreach (var c in reference.TakeWhile(char.IsLetter)) n = n * 26 + (char.ToUpperInvariant(c) - 'A' + 1);
        return n == 0 ? null : n - 1;
    }

    private static (IReadOnlyList<RawSheet>, ImportProblem?) ReadCsv(string fileName, byte[] content)
    {
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(content);
        }
        catch (DecoderFallbackException)
        {
            return ([], new ImportProblem(fileName, null, null, "Tệp CSV không phải mã UTF-8: trong Excel chọn Lưu dạng “CSV UTF-8 (Comma delimited)”."));
        }
        if (text.Length > 0 && text[0] == '\uFEFF') text = text[1..];
        // The separator (comma, semicolon, tab) is detected from the first lines; Excel's "sep=;" line is honoured.
        using var reader = CsvReader.FromText(text, new CsvReaderOptions { HasHeader = false, DetectSeparatorHint = true, TrackLineNumbers = true });
        var rows = new List<RawRow>();
        while (reader.Read())
        {
            var cells = new string?[reader.FieldCount];
            for (var i = 0; i < cells.Length; i++) cells[i] = reader.GetString(i);
            // The line a person sees (a spreadsheet opening the file shows each record on its own row).
            rows.Add(new RawRow((int)reader.LineNumber, cells));
        }
        return ([new RawSheet(Path.GetFileNameWithoutExtension(fileName) is { Length: > 0 } name ? Domain.Text.Nfc(name)! : "CSV", rows)], null);
    }
}
