using System.IO.Compression;
using System.Text;
using System.Xml;

namespace CchcLedger.Domain.Scorecards;

/// <summary>A kind of document the ledger keeps as evidence: its media type and a name people know it by.</summary>
public sealed record EvidenceKind(string MediaType, string Label);

/// <summary>
/// What an uploaded file is, decided from its bytes alone: a name or a declared type proves nothing, and a file is
/// served later with the type found here. Only the documents an agency proves a self-score with are accepted: PDF;
/// PNG, JPEG, TIFF, WebP and GIF images; Word, Excel and PowerPoint (OOXML, and the legacy binary formats);
/// OpenDocument text, spreadsheets and presentations; CSV. Macro-enabled Office documents are refused: evidence is
/// read, never run.
/// </summary>
public static class EvidenceContent
{
    public static readonly EvidenceKind Pdf = new("application/pdf", "PDF");
    public static readonly EvidenceKind Png = new("image/png", "PNG image");
    public static readonly EvidenceKind Jpeg = new("image/jpeg", "JPEG image");
    public static readonly EvidenceKind Gif = new("image/gif", "GIF image");
    public static readonly EvidenceKind Tiff = new("image/tiff", "TIFF image");
    public static readonly EvidenceKind WebP = new("image/webp", "WebP image");
    public static readonly EvidenceKind Docx = new("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word document");
    public static readonly EvidenceKind Xlsx = new("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel workbook");
    public static readonly EvidenceKind Pptx = new("application/vnd.openxmlformats-officedocument.presentationml.presentation", "PowerPoint presentation");
    public static readonly EvidenceKind Odt = new("application/vnd.oasis.opendocument.text", "OpenDocument text");
    public static readonly EvidenceKind Ods = new("application/vnd.oasis.opendocument.spreadsheet", "OpenDocument spreadsheet");
    public static readonly EvidenceKind Odp = new("application/vnd.oasis.opendocument.presentation", "OpenDocument presentation");
    public static readonly EvidenceKind Doc = new("application/msword", "Word 97–2003 document");
    public static readonly EvidenceKind Xls = new("application/vnd.ms-excel", "Excel 97–2003 workbook");
    public static readonly EvidenceKind Ppt = new("application/vnd.ms-powerpoint", "PowerPoint 97–2003 presentation");
    public static readonly EvidenceKind Csv = new("text/csv", "CSV table (UTF-8)");

    public static readonly IReadOnlyList<EvidenceKind> Accepted = [Pdf, Png, Jpeg, Tiff, WebP, Gif, Docx, Xlsx, Pptx, Odt, Ods, Odp, Doc, Xls, Ppt, Csv];

    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly byte[] JpegSignature = [0xFF, 0xD8, 0xFF];
    private static readonly byte[] CompoundFileSignature = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    private static readonly byte[] SevenZipSignature = [0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C];
    private static readonly byte[] GzipSignature = [0x1F, 0x8B];
    /// <summary>White space and the UTF-8 byte-order mark, skipped before looking for markup.</summary>
    private static readonly byte[] Blanks = [(byte)' ', (byte)'\t', (byte)'\r', (byte)'\n', 0xEF, 0xBB, 0xBF];

    private const string AcceptedList = "PDF, PNG, JPEG, TIFF, WebP, GIF, Word, Excel, PowerPoint (.docx/.xlsx/.pptx or .doc/.xls/.ppt), OpenDocument (.odt/.ods/.odp) or UTF-8 CSV";

    /// <summary>The kind of <paramref name="content"/> (a seekable stream, read from its start), or why it is not accepted.</summary>
    public static (EvidenceKind? Kind, string? Refusal) Recognise(Stream content)
    {
        if (!content.CanSeek) throw new ArgumentException("recognition reads the file more than once: give a seekable stream", nameof(content));
        if (content.Length == 0) return (null, "is empty");
        var head = new byte[Math.Min(4096, content.Length)];
        content.Position = 0;
        content.ReadExactly(head);
        var h = head.AsSpan();

        if (h.StartsWith("%PDF-"u8)) return (Pdf, null);
        if (h.StartsWith(PngSignature)) return (Png, null);
        if (h.StartsWith(JpegSignature)) return (Jpeg, null);
        if (h.StartsWith("GIF87a"u8) || h.StartsWith("GIF89a"u8)) return (Gif, null);
        if (h.StartsWith("II*\0"u8) || h.StartsWith("MM\0*"u8)) return (Tiff, null);
        if (h.Length >= 12 && h.StartsWith("RIFF"u8) && h[8..12].SequenceEqual("WEBP"u8)) return (WebP, null);
        if (h.StartsWith("PK\x03\x04"u8)) return Zipped(content);
        if (h.StartsWith(CompoundFileSignature)) return CompoundFile(content);
        if (LooksLikeCsv(content) is null) return (Csv, null);
        return (null, $"is not a kind of document accepted as evidence ({AcceptedList}){Hint(h)}");
    }

    /// <summary>What a refused file seems to be, when that is easy to tell: it helps the sender more than "not accepted".</summary>
    private static string Hint(ReadOnlySpan<byte> h) =>
        h.StartsWith("MZ"u8) ? ": it is a Windows program"
        : h.StartsWith("\u007FELF"u8) ? ": it is a program"
        : h.StartsWith("Rar!"u8) || h.StartsWith(SevenZipSignature) || h.StartsWith(GzipSignature) ? ": it is a compressed archive; upload the documents themselves"
        : StartsWithMarkup(h) ? ": it is a web page or other markup"
        : "";

    private static bool StartsWithMarkup(ReadOnlySpan<byte> h)
    {
        var text = h.TrimStart(Blanks);
        return text.Length > 0 && text[0] == (byte)'<';
    }

    // ---- ZIP containers: OOXML names its main part in [Content_Types].xml; ODF puts its type in a `mimetype` entry ----

    private static readonly Dictionary<string, EvidenceKind> OoxmlMainParts = new(StringComparer.OrdinalIgnoreCase)
    {
        ["application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"] = Docx,
        ["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"] = Xlsx,
        ["application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"] = Pptx,
    };

    private static readonly string[] OoxmlMacroParts =
    [
        "application/vnd.ms-word.document.macroEnabled.main+xml",
        "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
        "application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml",
        "application/vnd.ms-office.vbaProject",
    ];

    private static readonly Dictionary<string, EvidenceKind> OdfTypes = new(StringComparer.Ordinal)
    {
        [Odt.MediaType] = Odt,
        [Ods.MediaType] = Ods,
        [Odp.MediaType] = Odp,
    };

    private const string NotOffice = "is a ZIP archive, not an Office or OpenDocument file; upload the documents themselves";

    private static (EvidenceKind?, string?) Zipped(Stream content)
    {
        try
        {
            content.Position = 0;
            using var zip = new ZipArchive(content, ZipArchiveMode.Read, leaveOpen: true);
            if (zip.GetEntry("mimetype") is { } mimetype)
            {
                var type = ReadSmall(mimetype, 256);
                return type is not null && OdfTypes.TryGetValue(type.Trim(), out var odf) ? (odf, null) : (null, NotOffice);
            }
            if (zip.GetEntry("[Content_Types].xml") is not { } types) return (null, NotOffice);
            var xml = ReadSmall(types, 1024 * 1024);
            if (xml is null) return (null, "is an Office file whose list of parts cannot be read");
            var parts = ContentTypes(xml);
            if (parts.Any(p => OoxmlMacroParts.Contains(p, StringComparer.OrdinalIgnoreCase)))
                return (null, "is a macro-enabled Office document (.docm, .xlsm, .pptm); save it without macros (.docx, .xlsx, .pptx) and upload that");
            foreach (var part in parts)
                if (OoxmlMainParts.TryGetValue(part, out var kind)) return (kind, null);
            return (null, "is an Office package of a kind not accepted as evidence (accepted: Word, Excel and PowerPoint documents)");
        }
        catch (Exception e) when (e is InvalidDataException or XmlException or IOException or NotSupportedException)
        {
            return (null, "starts like a ZIP archive (Office documents are ZIP archives) but is damaged or unreadable");
        }
    }

    /// <summary>The content types [Content_Types].xml assigns to parts; DTDs are refused (no entity expansion).</summary>
    private static List<string> ContentTypes(string xml)
    {
        var found = new List<string>();
        using var reader = XmlReader.Create(new StringReader(xml), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
        while (reader.Read())
            if (reader is { NodeType: XmlNodeType.Element, LocalName: "Override" or "Default" } && reader.GetAttribute("ContentType") is { } type)
                found.Add(type);
        return found;
    }

    /// <summary>An entry's text, if it decompresses to at most <paramref name="max"/> bytes: a huge entry here is a zip bomb, not a document.</summary>
    private static string? ReadSmall(ZipArchiveEntry entry, int max)
    {
        using var stream = entry.Open();
        var buffer = new byte[max + 1];
        var total = 0;
        int read;
        while (total <= max && (read = stream.Read(buffer, total, buffer.Length - total)) > 0) total += read;
        return total > max ? null : Encoding.UTF8.GetString(buffer, 0, total);
    }

    // ---- OLE2 compound files (Word, Excel and PowerPoint 97–2003): the directory names the document's main stream ----

    private const uint EndOfChain = 0xFFFFFFFE;

    private static (EvidenceKind?, string?) CompoundFile(Stream content)
    {
        const string damaged = "starts like an Office 97–2003 file but its structure is damaged";
        try
        {
            var names = CompoundFileNames(content);
            if (names is null) return (null, damaged);
            if (names.Contains("Macros") || names.Contains("_VBA_PROJECT_CUR") || names.Contains("VBA"))
                return (null, "is an Office 97–2003 document with macros; save it without macros (or as .docx, .xlsx, .pptx) and upload that");
            if (names.Contains("WordDocument")) return (Doc, null);
            if (names.Contains("Workbook") || names.Contains("Book")) return (Xls, null);
            if (names.Contains("PowerPoint Document")) return (Ppt, null);
            return (null, "is an OLE2 compound file that is not a Word, Excel or PowerPoint document (an Outlook message or an installer, say)");
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or ArgumentException)
        {
            return (null, damaged);
        }
    }

    /// <summary>
    /// The names in a compound file's directory (MS-CFB): the header gives the sector size, the FAT's sectors (109 in
    /// the header, the rest in a DIFAT chain) and the directory's first sector; the directory is a chain of sectors of
    /// 128-byte entries whose first 64 bytes are the name in UTF-16. Every chain is bounded by the file's size, so a
    /// crafted loop ends. Null when the structure does not hold together.
    /// </summary>
    private static HashSet<string>? CompoundFileNames(Stream content)
    {
        var header = ReadAt(content, 0, 512);
        var shift = BitConverter.ToUInt16(header, 0x1E);
        if (shift is not (9 or 12)) return null;
        var sectorSize = 1 << shift;
        var sectorCount = (content.Length + sectorSize - 1) / sectorSize;
        var perSector = sectorSize / 4;

        var fatSectors = new List<uint>();
        for (var i = 0; i < 109; i++)
        {
            var s = BitConverter.ToUInt32(header, 0x4C + i * 4);
            if (s < EndOfChain) fatSectors.Add(s);
        }
        var difat = BitConverter.ToUInt32(header, 0x44);
        for (var hops = 0; difat < EndOfChain; hops++)
        {
            if (hops > sectorCount) return null;
            var sector = ReadSector(content, difat, sectorSize);
            for (var i = 0; i < perSector - 1; i++)
            {
                var s = BitConverter.ToUInt32(sector, i * 4);
                if (s < EndOfChain) fatSectors.Add(s);
            }
            difat = BitConverter.ToUInt32(sector, (perSector - 1) * 4);
        }

        var cache = new Dictionary<int, byte[]>();
        uint Next(uint sector)
        {
            var index = (int)(sector / perSector);
            if (index >= fatSectors.Count) throw new EndOfStreamException();
            if (!cache.TryGetValue(index, out var fat)) cache[index] = fat = ReadSector(content, fatSectors[index], sectorSize);
            return BitConverter.ToUInt32(fat, (int)(sector % perSector) * 4);
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        var directory = BitConverter.ToUInt32(header, 0x30);
        for (var hops = 0; directory < EndOfChain; hops++)
        {
            if (hops > sectorCount) return null;
            var sector = ReadSector(content, directory, sectorSize);
            for (var at = 0; at < sectorSize; at += 128)
            {
                var length = BitConverter.ToUInt16(sector, at + 0x40);
                if (length is >= 2 and <= 64 && sector[at + 0x42] is 1 or 2)
                    names.Add(Encoding.Unicode.GetString(sector, at, length - 2));
            }
            directory = Next(directory);
        }
        return names;
    }

    private static byte[] ReadSector(Stream content, uint sector, int sectorSize) => ReadAt(content, ((long)sector + 1) * sectorSize, sectorSize);

    private static byte[] ReadAt(Stream content, long offset, int count)
    {
        if (offset < 0 || offset + count > content.Length) throw new EndOfStreamException();
        var buffer = new byte[count];
        content.Position = offset;
        content.ReadExactly(buffer);
        return buffer;
    }

    // ---- CSV: text has no signature, so the rule is the whole file's structure ----

    /// <summary>
    /// Null when the file is a CSV table: valid UTF-8 text (a byte-order mark allowed) without control characters other
    /// than tab and line ends, whose records (RFC 4180: quoted fields may hold separators, quotes and line breaks) all
    /// have the same number of fields, at least two, separated by commas or, as spreadsheets write it where the decimal
    /// separator is a comma (Vietnamese among them), by semicolons. A binary file, a page of prose or a script fails one
    /// of these; otherwise the reason.
    /// </summary>
    public static string? LooksLikeCsv(Stream content)
    {
        content.Position = 0;
        string text;
        try
        {
            using var reader = new StreamReader(content, new UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: false, leaveOpen: true);
            text = reader.ReadToEnd();
        }
        catch (DecoderFallbackException)
        {
            return "is not UTF-8 text";
        }
        if (text.Length > 0 && text[0] == '\uFEFF') text = text[1..];
        if (text.Any(c => char.IsControl(c) && c is not '\t' and not '\r' and not '\n')) return "contains control characters";
        if (StartsWithMarkup(Encoding.UTF8.GetBytes(text[..Math.Min(text.Length, 64)]))) return "is markup";

        var firstLine = text.IndexOf('\n') is var end and >= 0 ? text[..end] : text;
        var separator = firstLine.Count(c => c == ';') > firstLine.Count(c => c == ',') ? ';' : ',';
        var records = CsvRecords(text, separator);
        if (records is null) return "has a quoted field that is not closed";
        if (records.Count == 0) return "has no rows";
        if (records[0] < 2) return "has a single column";
        return records.All(n => n == records[0]) ? null : "has rows with different numbers of columns";
    }

    /// <summary>The number of fields of each record; null when a quote is left open or a closing quote is followed by text.</summary>
    private static List<int>? CsvRecords(string text, char separator)
    {
        var counts = new List<int>();
        var fields = 1;
        var i = 0;
        var recordHasContent = false;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '"')
            {
                i++;
                while (true)
                {
                    if (i >= text.Length) return null;
                    if (text[i] == '"')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '"') { i += 2; continue; }
                        i++;
                        break;
                    }
                    i++;
                }
                recordHasContent = true;
                if (i < text.Length && text[i] != separator && text[i] != '\r' && text[i] != '\n') return null;
                continue;
            }
            if (c == separator) { fields++; recordHasContent = true; i++; continue; }
            if (c is '\r' or '\n')
            {
                if (recordHasContent) counts.Add(fields);
                (fields, recordHasContent) = (1, false);
                i += c == '\r' && i + 1 < text.Length && text[i + 1] == '\n' ? 2 : 1;
                continue;
            }
            recordHasContent = true;
            i++;
        }
        if (recordHasContent) counts.Add(fields);
        return counts;
    }

    // ---- names ----

    public const int MaxFileNameLength = 255;

    /// <summary>
    /// The original file name as kept with the evidence: the last path segment only (some browsers send the full path),
    /// trimmed, NFC, without control characters, at most 255 characters; or why it cannot be kept.
    /// </summary>
    public static (string? Name, string? Error) CleanFileName(string? raw)
    {
        var last = raw?.Split('/', '\\')[^1];
        var (name, error) = Text.Clean(last, required: true, MaxFileNameLength);
        if (error is not null) return (null, $"file name {error}");
        if (name!.Any(char.IsControl)) return (null, "file name must not contain control characters");
        if (name is "." or "..") return (null, "file name must name a file");
        return (name, null);
    }

    /// <summary>Whether <paramref name="value"/> is a SHA-256 in lower-case hex, as the ledger names files.</summary>
    public static bool IsSha256(string? value) =>
        value is { Length: 64 } && value.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');
}
