using System.IO.Compression;
using System.Text;
using CchcLedger.Domain.Scorecards;

namespace CchcLedger.Domain.Tests;

/// <summary>Files are recognised by their bytes: each accepted kind from a minimal real structure, and what is refused and why.</summary>
public class EvidenceContentTests
{
    private static (EvidenceKind? Kind, string? Refusal) Recognise(byte[] bytes) => EvidenceContent.Recognise(new MemoryStream(bytes));

    private static string? MediaType(byte[] bytes) => Recognise(bytes).Kind?.MediaType;

    private static byte[] Bytes(params object[] parts) => parts.SelectMany(p => p switch
    {
        string s => Encoding.Latin1.GetBytes(s),
        byte[] b => b,
        _ => throw new ArgumentException(p.ToString()),
    }).ToArray();

    private static readonly byte[] Filler = Enumerable.Range(0, 600).Select(i => (byte)(i * 31)).ToArray();

    [Fact]
    public void pdf_and_images_are_recognised_by_their_signatures_whatever_they_are_called()
    {
        Assert.Equal("application/pdf", MediaType(Bytes("%PDF-1.7\n", Filler, "%%EOF")));
        Assert.Equal("image/png", MediaType(Bytes(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, Filler)));
        Assert.Equal("image/jpeg", MediaType(Bytes(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0 }, Filler)));
        Assert.Equal("image/gif", MediaType(Bytes("GIF89a", Filler)));
        Assert.Equal("image/tiff", MediaType(Bytes("II*\0", Filler)));
        Assert.Equal("image/tiff", MediaType(Bytes("MM\0*", Filler)));
        Assert.Equal("image/webp", MediaType(Bytes("RIFF\x10\0\0\0WEBPVP8 ", Filler)));
        // A signature must be where the format puts it: a PDF header further in is not a PDF.
        Assert.Null(MediaType(Bytes(Filler, "%PDF-1.7\n")));
    }

    private static byte[] Zip(params (string Name, string Content)[] entries)
    {
        var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (name, content) in entries)
            {
                using var writer = new StreamWriter(zip.CreateEntry(name).Open(), new UTF8Encoding(false));
                writer.Write(content);
            }
        return output.ToArray();
    }

    private static string ContentTypes(string mainPart, string mainType) =>
        $"""<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="{mainPart}" ContentType="{mainType}"/></Types>""";

    [Theory]
    [InlineData("/word/document.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")]
    [InlineData("/xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")]
    [InlineData("/ppt/presentation.xml", "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml", "application/vnd.openxmlformats-officedocument.presentationml.presentation")]
    public void office_open_xml_is_the_zip_whose_content_types_name_its_main_part(string part, string partType, string expected)
    {
        Assert.Equal(expected, MediaType(Zip(("[Content_Types].xml", ContentTypes(part, partType)), (part.TrimStart('/'), "<x/>"))));
    }

    [Theory]
    [InlineData("application/vnd.oasis.opendocument.text")]
    [InlineData("application/vnd.oasis.opendocument.spreadsheet")]
    [InlineData("application/vnd.oasis.opendocument.presentation")]
    public void opendocument_is_the_zip_whose_mimetype_entry_says_so(string type)
    {
        Assert.Equal(type, MediaType(Zip(("mimetype", type), ("content.xml", "<office:document-content/>"))));
    }

    [Fact]
    public void macro_enabled_office_files_plain_zips_and_other_packages_are_refused_with_the_reason()
    {
        var docm = Recognise(Zip(("[Content_Types].xml", ContentTypes("/word/document.xml", "application/vnd.ms-word.document.macroEnabled.main+xml"))));
        Assert.Null(docm.Kind);
        Assert.Contains("macro-enabled", docm.Refusal);
        Assert.Contains("not an Office", Recognise(Zip(("báo cáo.pdf", "…"))).Refusal);
        Assert.Contains("not accepted", Recognise(Zip(("[Content_Types].xml", ContentTypes("/visio/document.xml", "application/vnd.ms-visio.drawing.main+xml")))).Refusal);
        Assert.Contains("damaged", Recognise(Bytes("PK\x03\x04", Filler)).Refusal);
    }

    /// <summary>
    /// A minimal compound file (MS-CFB, 512-byte sectors): the header, one FAT sector (sector 0) and one directory sector
    /// (sector 1) holding the root and the given storages or streams.
    /// </summary>
    private static byte[] CompoundFile(params (string Name, byte Type)[] entries)
    {
        var file = new byte[512 * 3];
        Bytes(new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 }).CopyTo(file, 0);
        BitConverter.GetBytes((ushort)0x3E).CopyTo(file, 0x18);
        BitConverter.GetBytes((ushort)3).CopyTo(file, 0x1A);
        BitConverter.GetBytes((ushort)0xFFFE).CopyTo(file, 0x1C);
        BitConverter.GetBytes((ushort)9).CopyTo(file, 0x1E);
        BitConverter.GetBytes((ushort)6).CopyTo(file, 0x20);
        BitConverter.GetBytes(1).CopyTo(file, 0x2C);             // one FAT sector
        BitConverter.GetBytes(1).CopyTo(file, 0x30);             // the directory starts at sector 1
        BitConverter.GetBytes(4096).CopyTo(file, 0x38);
        BitConverter.GetBytes(0xFFFFFFFEu).CopyTo(file, 0x3C);
        BitConverter.GetBytes(0xFFFFFFFEu).CopyTo(file, 0x44);   // no DIFAT sectors
        for (var i = 0; i < 109; i++) BitConverter.GetBytes(i == 0 ? 0u : 0xFFFFFFFFu).CopyTo(file, 0x4C + i * 4);
        for (var i = 0; i < 128; i++) BitConverter.GetBytes(i switch { 0 => 0xFFFFFFFDu, 1 => 0xFFFFFFFEu, _ => 0xFFFFFFFFu }).CopyTo(file, 512 + i * 4);
        var all = new[] { ("Root Entry", (byte)5) }.Concat(entries).ToArray();
        for (var i = 0; i < all.Length; i++)
        {
            var at = 1024 + i * 128;
            var name = Encoding.Unicode.GetBytes(all[i].Item1 + "\0");
            name.CopyTo(file, at);
            BitConverter.GetBytes((ushort)name.Length).CopyTo(file, at + 0x40);
            file[at + 0x42] = all[i].Item2;
        }
        return file;
    }

    [Fact]
    public void legacy_office_files_are_told_apart_by_their_main_stream()
    {
        Assert.Equal("application/msword", MediaType(CompoundFile(("WordDocument", 2), ("1Table", 2))));
        Assert.Equal("application/vnd.ms-excel", MediaType(CompoundFile(("Workbook", 2))));
        Assert.Equal("application/vnd.ms-powerpoint", MediaType(CompoundFile(("PowerPoint Document", 2))));
        Assert.Contains("with macros", Recognise(CompoundFile(("WordDocument", 2), ("Macros", 1))).Refusal);
        Assert.Contains("not a Word, Excel or PowerPoint", Recognise(CompoundFile(("__substg1.0_0037001F", 2))).Refusal);
        var truncated = CompoundFile(("WordDocument", 2))[..600];
        Assert.Contains("damaged", Recognise(truncated).Refusal);
    }

    [Theory]
    [InlineData("Mã,Tên cơ quan,Điểm\r\nhuu-lung,UBND huyện Hữu Lũng,77.9\r\nvan-quan,\"UBND huyện Văn Quan, Lạng Sơn\",82.5\r\n")]
    [InlineData("\uFEFFTiêu chí;Điểm tự chấm;Ghi chú\n1.1;1,5;\"Có \"\"kế hoạch\"\"\nnhiều dòng\"\n1.2;2;\n")]
    public void a_utf8_table_with_the_same_number_of_columns_on_every_row_is_csv(string text)
    {
        Assert.Equal("text/csv", MediaType(Encoding.UTF8.GetBytes(text)));
    }

    [Theory]
    [InlineData("Báo cáo tình hình thực hiện kế hoạch cải cách hành chính\nnăm 2017 của huyện.\n", "single column")]
    [InlineData("a,b,c\n1,2\n", "different numbers of columns")]
    [InlineData("a,\"b\nc,d\n", "not closed")]
    [InlineData("<html><body>a,b</body></html>\n", "markup")]
    [InlineData("a,b\u0001,c\n", "control characters")]
    public void text_that_is_not_a_consistent_table_is_refused(string text, string reason)
    {
        var (kind, refusal) = Recognise(Encoding.UTF8.GetBytes(text));
        Assert.Null(kind);
        Assert.NotNull(refusal);
        Assert.Contains(reason, EvidenceContent.LooksLikeCsv(new MemoryStream(Encoding.UTF8.GetBytes(text))));
    }

    [Fact]
    public void programs_archives_empty_files_and_other_encodings_are_refused_with_what_they_seem_to_be()
    {
        Assert.Contains("Windows program", Recognise(Bytes("MZ", Filler)).Refusal);
        Assert.Contains("compressed archive", Recognise(Bytes(new byte[] { 0x1F, 0x8B, 8 }, Filler)).Refusal);
        Assert.Equal("is empty", Recognise([]).Refusal);
        // Windows-1258 text (ệ is 0xD2 there) is not UTF-8: not accepted as CSV.
        Assert.Null(Recognise(Bytes("M\xE3,T\xEAn\n1,Huy", new byte[] { 0xD2 }, "n\n")).Kind);
    }

    [Theory]
    [InlineData(@"C:\Users\Lan\Documents\Kế hoạch.pdf", "Kế hoạch.pdf")]
    [InlineData("/home/lan/Báo cáo.docx", "Báo cáo.docx")]
    [InlineData("  Ảnh chụp.png  ", "Ảnh chụp.png")]
    public void a_file_name_is_kept_as_its_last_segment_trimmed_and_nfc(string raw, string kept)
    {
        var (name, error) = EvidenceContent.CleanFileName(raw.Normalize(NormalizationForm.FormD));
        Assert.Null(error);
        Assert.Equal(kept, name);
        Assert.True(name!.IsNormalized(NormalizationForm.FormC));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("a\u0007.pdf")]
    [InlineData("..")]
    [InlineData("thư mục/")]
    public void a_file_name_that_names_no_file_is_refused(string raw)
    {
        Assert.NotNull(EvidenceContent.CleanFileName(raw).Error);
        Assert.NotNull(EvidenceContent.CleanFileName(new string('a', 256) + ".pdf").Error);
    }
}
