using System.Globalization;
using System.Text.Json.Nodes;
using CchcLedger.Api.Demo;
using CchcLedger.Api.Imports;
using CchcLedger.Domain.Imports;

namespace CchcLedger.Api.Tests;

/// <summary>Rankings, scorecards and derivations handed back as XLSX and CSV, read back here with the same libraries the importer uses.</summary>
public sealed class ExportTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    private async Task<(int Status, byte[] Body, string? Type)> Download(string url, bool anonymous = false)
    {
        using var client = Host.Server.CreateClient();
        if (!anonymous) client.DefaultRequestHeaders.Authorization = new("Bearer", TestTokens.ForRequest("GET", url));
        using var response = await client.GetAsync(url);
        return ((int)response.StatusCode, await response.Content.ReadAsByteArrayAsync(), response.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>The file's single sheet as rows of text, read as an import would read it.</summary>
    private static IReadOnlyList<RawRow> Sheet(string name, byte[] content)
    {
        var (sheets, problem) = SpreadsheetReader.Read(name, content);
        Assert.Null(problem);
        return Assert.Single(sheets).Rows;
    }

    private static string? Value(IReadOnlyList<RawRow> rows, string label) => rows.FirstOrDefault(r => r.Cells.Count > 1 && r.Cells[0] == label)?.Cells[1];

    private static IReadOnlyList<RawRow> Table(IReadOnlyList<RawRow> rows, string firstHeading) =>
        rows.SkipWhile(r => r.Cells.Count == 0 || r.Cells[0] != firstHeading).ToList();

    [Fact]
    public async Task a_publication_exports_as_xlsx_and_csv_for_anyone_with_its_decision_digest_and_vietnamese_headings()
    {
        await DemoLoader.LoadAsync(Store, DemoData.Read(DemoData.DefaultPath()));
        var published = await Post("/api/years/2017/rankings/districts/publications", new { decisionRef = "Quyết định số 195/QĐ-UBND ngày 06/02/2018" }, 201);
        var digest = published["digest"]!.GetValue<string>();
        var entries = published["entries"]!.AsArray();

        foreach (var format in new[] { "xlsx", "csv" })
        {
            var (status, body, type) = await Download($"/api/years/2017/rankings/districts/publications/1/export?format={format}", anonymous: true);
            Assert.Equal(200, status);
            Assert.Equal(format == "xlsx" ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" : "text/csv", type);
            var rows = Sheet($"xep-hang.{format}", body);
            Assert.Equal(digest, Value(rows, "Mã SHA-256 của công bố"));
            Assert.Equal("Quyết định số 195/QĐ-UBND ngày 06/02/2018", Value(rows, "Quyết định công bố"));
            Assert.Equal("Khối UBND cấp huyện", Value(rows, "Khối"));
            var table = Table(rows, "STT");
            Assert.Equal(["STT", "Mã đơn vị", "Đơn vị", "Tổng điểm", "Chỉ số (%)", "Xếp loại", "Xếp hạng"], table[0].Cells);
            Assert.Equal(11, table.Count - 1);
            var last = table[^1].Cells;
            Assert.Equal(("11", "UBND huyện Hữu Lũng", 77.9m, "Khá", "11"), (last[0], last[2], ImportNumbers.Parse(last[3])!.Value, last[5], last[6]));
            for (var i = 1; i < table.Count; i++)
                Assert.Equal(entries[i - 1]!["total"]!.GetValue<decimal>(), ImportNumbers.Parse(table[i].Cells[3]));
        }
        // A CSV starts with a byte order mark, so that Excel reads the Vietnamese.
        Assert.Equal([0xEF, 0xBB, 0xBF], (await Download("/api/years/2017/rankings/districts/publications/1/export?format=csv", anonymous: true)).Body[..3]);
        AssertProblemNames(JsonNode.Parse((await Download("/api/years/2017/rankings/districts/publications/1/export?format=pdf", anonymous: true)).Body), "format");
        AssertProblemNames(JsonNode.Parse((await Download("/api/years/2017/rankings/districts/publications/9/export", anonymous: true)).Body), "n");
        Assert.Equal(401, (await Download("/api/years/2017/rankings/districts/export", anonymous: true)).Status); // working figures are not public
    }

    [Fact]
    public async Task a_scorecard_and_its_derivation_export_with_every_leaf_and_every_step()
    {
        await DemoLoader.LoadAsync(Store, DemoData.Read(DemoData.DefaultPath()));
        var card = await Get("/api/years/2017/scorecards/huu-lung");
        var (status, body, _) = await Download("/api/years/2017/scorecards/huu-lung/export?format=xlsx");
        Assert.Equal(200, status);
        var rows = Sheet("phieu-cham.xlsx", body);
        Assert.Equal("Chưa công bố", Value(rows, "Quyết định công bố"));
        Assert.Equal(77.9m, ImportNumbers.Parse(Value(rows, "Tổng điểm")));
        var table = Table(rows, "STT");
        Assert.Equal(["STT", "Nội dung", "Điểm tối đa", "Tự chấm", "Thẩm định", "Điều tra XHH", "Điều chỉnh", "Điểm đạt"], table[0].Cells);
        Assert.Equal((null, "Tổng cộng", 77.9m), (table[^1].Cells[0], table[^1].Cells[1], ImportNumbers.Parse(table[^1].Cells[7])!.Value));
        var leaf = card["areas"]![0]!["children"]![0]!["children"]![0]!;
        var exported = table.Single(r => r.Cells[0] == leaf["code"]!.GetValue<string>()).Cells;
        Assert.Equal((leaf["final"]!.GetValue<decimal>(), leaf["self"]!.GetValue<decimal>()), (ImportNumbers.Parse(exported[7])!.Value, ImportNumbers.Parse(exported[3])!.Value));

        var derivation = await Get("/api/years/2017/scorecards/huu-lung/derivation");
        var steps = derivation["leaves"]!.AsArray().Sum(l => l!["steps"]!.AsArray().Count);
        var (_, csv, _) = await Download("/api/years/2017/scorecards/huu-lung/derivation/export?format=csv");
        var d = Table(Sheet("dien-giai.csv", csv), "Mã tiêu chí");
        Assert.Equal(steps, d.Count - 1);
        Assert.Equal("Hội đồng thẩm định Chỉ số CCHC tỉnh", d.First(r => r.Cells[2]!.StartsWith("appraisal")).Cells[8]);

        // An officer of another agency cannot export this one.
        using var client = Host.Server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", TestTokens.For(Hosting.Roles.AgencyOfficer, null, "van-quan"));
        Assert.Equal(403, (int)(await client.GetAsync("/api/years/2017/scorecards/huu-lung/export")).StatusCode);
    }

    [Fact]
    public async Task the_working_ranking_exports_for_staff_says_it_is_not_official_and_names_the_latest_publication_and_its_digest()
    {
        await DemoLoader.LoadAsync(Store, DemoData.Read(DemoData.DefaultPath()));
        foreach (var format in new[] { "xlsx", "csv" })
        {
            var (status, body, _) = await Download($"/api/years/2017/rankings/districts/export?format={format}");
            Assert.Equal(200, status);
            var rows = Sheet($"xep-hang.{format}", body);
            Assert.Contains("(SỐ LIỆU LÀM VIỆC)", rows[0].Cells[0]);
            Assert.StartsWith("Chưa công bố", Value(rows, "Quyết định công bố"));
            Assert.Equal("—", Value(rows, "Mã SHA-256 của công bố"));
            Assert.Equal(11, Table(rows, "STT").Count - 1);
        }

        var published = await Post("/api/years/2017/rankings/districts/publications", new { decisionRef = "Quyết định số 195/QĐ-UBND ngày 06/02/2018" }, 201);
        var after = Sheet("xep-hang.csv", (await Download("/api/years/2017/rankings/districts/export?format=csv")).Body);
        Assert.Equal(published["digest"]!.GetValue<string>(), Value(after, "Mã SHA-256 của công bố"));
        Assert.StartsWith("Quyết định số 195/QĐ-UBND ngày 06/02/2018 (công bố số 1;", Value(after, "Quyết định công bố"));

        // Refusals name their field and write nothing.
        var before = await EventCount();
        AssertProblemNames(JsonNode.Parse((await Download("/api/years/2017/rankings/districts/export?format=ods")).Body), "format");
        AssertProblemNames(JsonNode.Parse((await Download("/api/years/2017/rankings/wards/export")).Body), "block");
        AssertProblemNames(JsonNode.Parse((await Download("/api/years/2017/rankings/districts/export?asOf=2001-01-01T00:00:00Z")).Body), "asOf");
        AssertProblemNames(JsonNode.Parse((await Download("/api/years/2017/scorecards/huu-lung/export?format=pdf")).Body), "format");
        Assert.Equal(before, await EventCount());
    }
}
