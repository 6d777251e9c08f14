using CchcLedger.Api.Hosting;
using Microsoft.Playwright;

namespace CchcLedger.Web.Tests;

public sealed class ImportPageTests(WebFixture fixture) : WebTest(fixture)
{
    /// <summary>A CSV as Vietnamese Excel saves "CSV UTF-8": a byte order mark, semicolons.</summary>
    private static FilePayload Csv(string name, params string[] lines) => new()
    {
        Name = name, MimeType = "text/csv",
        Buffer = [0xEF, 0xBB, 0xBF, .. System.Text.Encoding.UTF8.GetBytes(string.Join("\r\n", lines) + "\r\n")],
    };

    /// <summary>Posts the form with one of its buttons and waits for the page that answers.</summary>
    private static async Task<IResponse> Send(IPage page, string button)
    {
        var response = await page.RunAndWaitForResponseAsync(() => page.ClickAsync(button), r => r.Request.Method == "POST" && r.Url.EndsWith("/nhap-lieu"));
        await page.WaitForLoadStateAsync();
        return response;
    }

    private async Task<int> CommuneAgencies() => (await Fixture.Api("GET", "/api/agencies?block=communes")).GetArrayLength();

    [Fact]
    public async Task the_criteria_administrator_dry_runs_a_file_sees_every_problem_by_row_and_column_then_imports_it_once()
    {
        var before = await CommuneAgencies();
        var page = await Open("/nhap-lieu", Roles.CriteriaAdmin);
        Assert.Equal(["agencies", "criteria"], (await page.Locator("#kind option").EvaluateAllAsync<string[]>("os => os.map(o => o.value)")).Order());

        // A bad file, imported: refused with every problem, in Vietnamese, and nothing written.
        await page.SelectOptionAsync("#kind", "agencies");
        await page.SelectOptionAsync("#block", "communes");
        await page.SetInputFilesAsync("#file", Csv("xa-loi.csv", "Mã đơn vị;Tên đơn vị", "xa-tan-thanh;UBND xã Tân Thành", "Xã Sai Mã;UBND xã Sai Mã", "xa-hoa-binh;"));
        var refused = await Send(page, "button.primary[name=dryRun]");
        Assert.Equal(400, refused.Status);
        Assert.Contains("2 lỗi: không ghi gì.", await page.InnerTextAsync("#ket-qua-nhap"));
        var problems = await page.Locator("#loi-tep tbody tr").AllInnerTextsAsync();
        Assert.Contains(problems, p => p.Contains("xa-loi") && p.Contains('3') && p.Contains("A (Mã đơn vị)"));
        Assert.Contains(problems, p => p.Contains('4') && p.Contains("B (Tên đơn vị)"));
        Assert.Equal(before, await CommuneAgencies());
        await Shot(page, "20-nhap-lieu-loi");

        // A good file: the dry run says what would be written and writes nothing; then it is written, once.
        var good = Csv("xa.csv", "Mã đơn vị;Tên đơn vị", "xa-tan-thanh;UBND xã Tân Thành", "xa-hoa-binh;UBND xã Hòa Bình");
        await page.SetInputFilesAsync("#file", good);
        await Send(page, "button[name=dryRun][value=true]");
        Assert.Contains("Chạy thử: sẽ ghi 2 sự kiện vào 2 hồ sơ (2 dòng). Chưa ghi gì.", await page.InnerTextAsync("#ket-qua-nhap"));
        Assert.Equal("communes", await page.InputValueAsync("#block")); // what was typed is kept
        Assert.Equal(before, await CommuneAgencies());

        await page.SetInputFilesAsync("#file", good);
        var written = await Send(page, "button.primary[name=dryRun]");
        Assert.Equal(200, written.Status);
        Assert.Contains("Đã ghi 2 sự kiện vào 2 hồ sơ (2 dòng), trong một giao dịch.", await page.InnerTextAsync("#ket-qua-nhap"));
        Assert.Equal(before + 2, await CommuneAgencies());
        Assert.Contains("xa.csv", await page.InnerTextAsync("#tep-da-nhap"));
        // Recorded as the signed-in person's import, with the file as its evidence.
        var recorded = (await Fixture.Api("GET", "/api/imports")).EnumerateArray().Last();
        Assert.Equal(("xa.csv", "Người kiểm thử (criteria-admin)"),
            (recorded.GetProperty("import").GetProperty("fileName").GetString(), recorded.GetProperty("recordedBy").GetString()));
        await Shot(page, "21-nhap-lieu-da-ghi");

        await page.SetInputFilesAsync("#file", good);
        await Send(page, "button.primary[name=dryRun]");
        Assert.Contains("Đã nhập tệp này trước đây: không ghi gì.", await page.InnerTextAsync("#ket-qua-nhap"));
        Assert.Equal(before + 2, await CommuneAgencies());
        Assert.Empty(await SeriousAccessibilityViolations(page));
    }

    [Fact]
    public async Task an_appraiser_may_import_only_scores_and_an_auditor_not_at_all()
    {
        var page = await Open("/nhap-lieu", Roles.Appraiser);
        Assert.Equal(["scores"], await page.Locator("#kind option").EvaluateAllAsync<string[]>("os => os.map(o => o.value)"));
        Assert.Contains("/nhap-lieu", await page.Locator("header nav a").EvaluateAllAsync<string[]>("as => as.map(a => a.getAttribute('href'))"));
        var work = await Open("/cong-viec", Roles.Appraiser);
        Assert.Equal(1, await work.Locator("main a[href='/nhap-lieu']").CountAsync());
        await Open("/nhap-lieu", Roles.Auditor, status: 403);
    }
}
