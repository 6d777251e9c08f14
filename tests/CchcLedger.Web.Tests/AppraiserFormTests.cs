using System.Text;
using System.Text.Json;
using CchcLedger.Api.Hosting;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CchcLedger.Web.Tests;

/// <summary>
/// The appraiser's survey points for a whole block and adjustments by decision, on a year of their own (2014) so that
/// the demo's figures that other tests read stay as they are.
/// </summary>
public sealed class AppraiserFormTests(WebFixture fixture) : WebTest(fixture)
{
    private const int Year = 2014;

    [Fact]
    public async Task survey_points_for_a_block_are_previewed_then_recorded_once_and_a_forged_stale_or_repeated_form_writes_nothing()
    {
        await AdoptedSet();
        var page = await Open($"/tham-dinh/{Year}/khoi/districts", Roles.Appraiser);

        // A pasted column with a heading, a name as written, an unknown code and a value over the maximum: each refused by its line.
        await page.FillAsync("#survey-rows", "Đơn vị\tĐiểm\nhuu-lung\t32,5\nUBND huyện Văn Quan\t30\nkhong-co\t5\nloc-binh\t45");
        await page.ClickAsync("#form-dieu-tra button[value=preview]");
        var errors = await page.InnerTextAsync("#survey-rows-error");
        Assert.Contains("Dòng 4: không có đơn vị “khong-co” trong khối này.", errors);
        Assert.Contains("Dòng 5 (UBND huyện Lộc Bình): Không được vượt quá điểm tối đa 40 của tiêu chí 2.1.", errors);
        Assert.DoesNotContain("Dòng 2", errors);
        Assert.Contains("khong-co\t5", await page.InputValueAsync("#survey-rows"));
        Assert.Equal(0, await page.Locator("#xem-truoc").CountAsync());

        await page.FillAsync("#survey-rows", "huu-lung\t32,5\nUBND huyện Văn Quan\t30");
        await page.FillAsync("#survey-source", "Báo cáo kết quả điều tra xã hội học năm 2014 (thử)");
        await page.ClickAsync("#form-dieu-tra button[value=preview]");
        var preview = await page.InnerTextAsync("#xem-truoc");
        Assert.Contains("UBND huyện Hữu Lũng", preview);
        Assert.Contains("32,5", preview);
        Assert.Contains("Chưa ghi gì vào sổ cái", preview);
        Assert.Equal(0, await SurveyEvents());
        await Shot(page, "30-dieu-tra-xem-truoc");

        // The recording form sent twice (a double click, a resubmission) writes once; without its antiforgery token, not at all.
        var fields = await HiddenFields(page, "#form-dieu-tra-ghi");
        fields["action"] = "record";
        var url = $"/tham-dinh/{Year}/khoi/districts?handler=dieutra";
        var first = await Post(page, url, fields);
        var second = await Post(page, url, fields);
        Assert.Equal(303, first.Status);
        Assert.Equal(303, second.Status);
        Assert.Equal(2, await SurveyEvents());
        var forged = new Dictionary<string, string>(fields) { [CchcLedger.Api.Web.WorkPage.KeyField] = Guid.NewGuid().ToString("N") };
        forged.Remove("__RequestVerificationToken");
        var refused = await Post(page, url, forged);
        Assert.Equal(400, refused.Status);
        Assert.Contains("biểu mẫu đã hết hạn. Hãy tải lại trang và thử lại.", await refused.TextAsync());
        Assert.Equal(2, await SurveyEvents());
        Assert.Equal(32.5m, await Final("huu-lung", "2.1"));
        Assert.Equal(30m, await Final("van-quan", "2.1"));

        // A CSV file replaces the pasted column; the preview shows the points it replaces.
        await page.GotoAsync($"/tham-dinh/{Year}/khoi/districts");
        await page.SetInputFilesAsync("#survey-file", new FilePayload
        {
            Name = "dieu-tra-2014.csv", MimeType = "text/csv",
            Buffer = [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes("Mã đơn vị;Điểm\r\nhuu-lung;33\r\n")],
        });
        await page.ClickAsync("#form-dieu-tra button[value=preview]");
        var row = await page.InnerTextAsync("#xem-truoc tbody tr");
        Assert.Contains("UBND huyện Hữu Lũng\t32,50\t33,00", row);

        // Left open while another appraiser enters Hữu Lũng's survey points: recording is refused, nothing written.
        await Fixture.Api("POST", $"/api/years/{Year}/scorecards/huu-lung/survey-scores", new { criterion = "2.1", points = 35 }, Roles.Appraiser);
        await page.ClickAsync("#form-dieu-tra-ghi button[value=record]");
        Assert.Contains("Dữ liệu đã được thay đổi sau khi bạn mở trang", await Text(page));
        Assert.Contains("điểm điều tra của UBND huyện Hữu Lũng đã thay đổi", await Text(page));
        Assert.Equal(35m, await Final("huu-lung", "2.1"));

        await page.FillAsync("#survey-rows", "huu-lung\t33");
        await page.ClickAsync("#form-dieu-tra button[value=preview]");
        await page.ClickAsync("#form-dieu-tra-ghi button[value=record]");
        Assert.Contains("Đã ghi điểm điều tra xã hội học tiêu chí 2.1 cho 1 đơn vị.", await Text(page));
        Assert.Equal(33m, await Final("huu-lung", "2.1"));
        await Shot(page, "31-dieu-tra-da-ghi");
    }

    [Fact]
    public async Task survey_lines_refused_when_recorded_are_shown_beside_the_pasted_lines_and_stay_as_typed()
    {
        await AdoptedSet();
        var before = await SurveyEvents();
        var page = await Open($"/tham-dinh/{Year}/khoi/districts", Roles.Appraiser);
        var typed = "trang-dinh\t31,5\nUBND huyện Bình Gia\t28";
        // A source citing the whole report, decision and annex: the preview reads the lines, the ledger refuses the source (over 200 characters).
        var source = "Báo cáo số 15/BC-SNV ngày 20/12/2014 về kết quả điều tra xã hội học đo lường sự hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan hành chính nhà nước năm 2014 trên địa bàn tỉnh Lạng Sơn, kèm theo Phụ lục kết quả chi tiết theo từng đơn vị";
        Assert.True(source.Length > 200);
        await page.FillAsync("#survey-rows", typed);
        await page.FillAsync("#survey-source", source);
        await page.ClickAsync("#form-dieu-tra button[value=preview]");
        Assert.Contains("UBND huyện Tràng Định", await page.InnerTextAsync("#xem-truoc"));

        await page.ClickAsync("#form-dieu-tra-ghi button[value=record]");
        await Shot(page, "34-dieu-tra-bi-tu-choi-khi-ghi");
        var errors = await page.InnerTextAsync("#survey-rows-error");
        Assert.Contains("Dòng 1 (UBND huyện Tràng Định): nguồn số liệu — Tối đa 200 ký tự.", errors);
        Assert.Contains("Dòng 2 (UBND huyện Bình Gia): nguồn số liệu — Tối đa 200 ký tự.", errors);
        Assert.Equal("Tối đa 200 ký tự.", (await page.InnerTextAsync("#survey-source-error")).Trim());
        Assert.Equal("true", await page.GetAttributeAsync("#survey-rows", "aria-invalid"));
        Assert.Equal(typed, await page.InputValueAsync("#survey-rows"));
        Assert.Equal(source, await page.InputValueAsync("#survey-source"));
        Assert.Equal(before, await SurveyEvents());
    }

    [Fact]
    public async Task an_adjustment_needs_its_reason_and_decision_beside_the_fields_and_a_page_left_open_does_not_overwrite_it()
    {
        await AdoptedSet();
        await Fixture.Api("POST", $"/api/years/{Year}/scorecards/dinh-lap/survey-scores", new { criterion = "2.1", points = 31 }, Roles.Appraiser);
        var page = await Open($"/tham-dinh/{Year}/dinh-lap", Roles.Appraiser);
        var left = await (await Fixture.As(Roles.Appraiser)).NewPageAsync();
        await left.GotoAsync($"/tham-dinh/{Year}/dinh-lap");

        await page.ClickAsync("#tc-1-1-dc summary");
        await page.FillAsync("#tc-1-1-dc-points", "12,5");
        await page.FillAsync("#tc-1-1-dc-decisionRef", "Văn bản số 88/SNV-CCHC ngày 10/01/2015 (thử)");
        await page.ClickAsync("#tc-1-1-dc button[type=submit]");
        Assert.Equal("Không được để trống.", (await page.InnerTextAsync("#tc-1-1-dc-reason-error")).Trim());
        Assert.Equal("12,5", await page.InputValueAsync("#tc-1-1-dc-points"));
        Assert.Equal("Văn bản số 88/SNV-CCHC ngày 10/01/2015 (thử)", await page.InputValueAsync("#tc-1-1-dc-decisionRef"));
        await Shot(page, "32-dieu-chinh-bi-tu-choi");

        await page.FillAsync("#tc-1-1-dc-reason", "Kiểm tra thực tế: kế hoạch ban hành chậm");
        await page.ClickAsync("#tc-1-1-dc button[type=submit]");
        Assert.Contains("Đã ghi điều chỉnh điểm tiêu chí 1.1.", await Text(page));
        Assert.Contains("Đã điều chỉnh: 12,5", await page.InnerTextAsync("#tc-1-1"));
        Assert.Equal(12.5m, await Final("dinh-lap", "1.1"));

        // The tab opened before the adjustment sends another value for the same criterion: refused, the value kept.
        await left.ClickAsync("#tc-1-1-dc summary");
        await left.FillAsync("#tc-1-1-dc-points", "15");
        await left.FillAsync("#tc-1-1-dc-reason", "Theo hồ sơ bổ sung");
        await left.FillAsync("#tc-1-1-dc-decisionRef", "Văn bản số 89/SNV-CCHC (thử)");
        await left.ClickAsync("#tc-1-1-dc button[type=submit]");
        Assert.Contains("Dữ liệu đã được thay đổi sau khi bạn mở trang (Người kiểm thử (appraiser) lúc", await left.InnerTextAsync("#tc-1-1"));
        Assert.Equal("15", await left.InputValueAsync("#tc-1-1-dc-points"));
        Assert.Equal(12.5m, await Final("dinh-lap", "1.1"));
        await Shot(left, "33-dieu-chinh-trang-cu");

        // Other roles never reach the form.
        var officer = await Open($"/tham-dinh/{Year}/dinh-lap", Roles.AgencyOfficer, status: 403, agency: "dinh-lap");
        Assert.Contains("Không có quyền truy cập", await Text(officer));
    }

    private static readonly SemaphoreSlim Adopting = new(1, 1);

    /// <summary>A small set of the year's districts, a survey leaf of 40 among them, drafted and adopted once for the class.</summary>
    private async Task AdoptedSet()
    {
        await Adopting.WaitAsync();
        try
        {
            var sets = await Fixture.Api("GET", "/api/criteria-sets");
            if (sets.ToString().Contains($"\"{Year}-districts\"")) return;
            await Fixture.Api("POST", "/api/criteria-sets", new
            {
                id = $"{Year}-districts", year = Year, block = "districts",
                title = "Bộ chỉ số CCHC cấp huyện năm 2014 (thử nghiệm)",
                areas = new object[]
                {
                    new
                    {
                        code = "1", title = "Công tác chỉ đạo, điều hành", max = 60,
                        children = new object[]
                        {
                            new { code = "1.1", title = "Ban hành kế hoạch CCHC", max = 20, method = "scale", step = 0.5 },
                            new { code = "1.2", title = "Tỷ lệ hoàn thành kế hoạch", max = 40, method = "ratio" },
                        },
                    },
                    new { code = "2", title = "Điều tra xã hội học", max = 40, children = new object[] { new { code = "2.1", title = "Mức độ hài lòng", max = 40, method = "survey" } } },
                },
                classBands = new[] { new { label = "Tốt", min = 80 }, new { label = "Khá", min = 65 }, new { label = "Trung bình", min = 50 }, new { label = "Yếu", min = 0 } },
                rounding = new { decimals = 2, mode = "halfUp" },
                tieRule = new { kind = "shared" },
            }, Roles.CriteriaAdmin);
            await Fixture.Api("POST", $"/api/criteria-sets/{Year}-districts/adoption", new { decisionRef = "Quyết định số 9/QĐ-UBND ngày 05/01/2014 (thử)" }, Roles.CriteriaAdmin);
        }
        finally
        {
            Adopting.Release();
        }
    }

    private async Task<int> SurveyEvents()
    {
        await using var session = Fixture.Services.GetRequiredService<IDocumentStore>().QuerySession();
        return await session.Events.QueryAllRawEvents().CountAsync(e => e.EventTypeName == "survey_points_entered" && e.StreamKey!.StartsWith($"scorecard-{Year}-"));
    }

    private async Task<decimal?> Final(string agency, string code)
    {
        var card = await Fixture.Api("GET", $"/api/years/{Year}/scorecards/{agency}");
        static IEnumerable<JsonElement> Leaves(JsonElement node) =>
            node.GetProperty("children").GetArrayLength() == 0 ? [node] : node.GetProperty("children").EnumerateArray().SelectMany(Leaves);
        var leaf = card.GetProperty("areas").EnumerateArray().SelectMany(Leaves).Single(l => l.GetProperty("code").GetString() == code);
        return leaf.GetProperty("final").ValueKind == JsonValueKind.Number ? leaf.GetProperty("final").GetDecimal() : null;
    }
}
