using CchcLedger.Api.Hosting;

namespace CchcLedger.Web.Tests;

/// <summary>
/// A year that has just begun (2010: a set adopted, one agency's first entry, nothing of the others): an agency's page and
/// the milestone links on it explain that there is nothing yet, in Vietnamese, instead of answering 404.
/// </summary>
public sealed class FreshYearTests(WebFixture fixture) : WebTest(fixture)
{
    private const int Year = 2010;

    [Fact]
    public async Task before_an_agencys_first_entry_its_page_and_the_years_milestone_links_explain_there_is_nothing_yet()
    {
        await OneLeafSetAdopted(Year, "Quyết định số 3/QĐ-UBND ngày 05/01/2010 (thử)");

        // Nothing of Bắc Sơn in the year: its page says so (200), and every link on it answers.
        var fresh = await Open($"/don-vi/{Year}/bac-son");
        var text = await Text(fresh);
        Assert.Contains("Chưa có số liệu", text);
        Assert.Contains("UBND huyện Bắc Sơn chưa có phiếu chấm năm 2010: phiếu chấm được mở khi đơn vị tự chấm tiêu chí đầu tiên.", text);
        await AllLinksAnswer(fresh);
        await Shot(fresh, "61-don-vi-nam-moi");

        // Cao Lộc enters and submits first: the block's first milestone, before Bắc Sơn has anything.
        await SelfAssessedAndSubmitted(Year, "cao-loc", 18, "Kế hoạch số 2/KH-UBND");
        await Fixture.Api("POST", $"/api/years/{Year}/scorecards/bac-son/self-scores",
            new { criterion = "1.1", points = 15, evidence = new[] { new { title = "Kế hoạch CCHC năm 2010", documentRef = "Kế hoạch số 5/KH-UBND" } } }, Roles.AgencyOfficer, "bac-son");

        var page = await Open($"/don-vi/{Year}/bac-son");
        var milestone = page.Locator("ol.milestones a", new() { HasText = "đầu tiên" });
        Assert.Equal(1, await milestone.CountAsync());
        var response = await page.RunAndWaitForResponseAsync(() => milestone.ClickAsync(), r => r.Url.Contains("asOf="));
        Assert.Equal(200, response.Status);
        await page.WaitForLoadStateAsync();
        Assert.Contains("asOf=", page.Url);
        var then = await Text(page);
        Assert.Contains("Tại thời điểm này, UBND huyện Bắc Sơn chưa có phiếu chấm năm 2010", then);
        Assert.Contains("Hãy chọn một mốc muộn hơn hoặc xem số liệu hiện tại.", then);
        await AllLinksAnswer(page);
        await Shot(page, "62-don-vi-moc-truoc-phieu-cham");

        // A year the block never began stays an unknown address.
        await Open($"/don-vi/1999/bac-son", status: 404);
    }

    [Fact]
    public async Task an_agency_with_no_year_yet_has_no_broken_link_across_the_years()
    {
        await Fixture.Api("POST", "/api/agencies", new { code = "kt-nam-dau", name = "Ban Quản lý thử nghiệm năm đầu", block = "special-units" }, Roles.CriteriaAdmin);
        var page = await Open("/qua-cac-nam/kt-nam-dau");
        Assert.Contains("Sổ cái chưa có phiếu chấm của Ban Quản lý thử nghiệm năm đầu ở năm nào.", await Text(page));
        await AllLinksAnswer(page);
    }

    /// <summary>Every link of the page's content answers without an error (what a reader clicking them would get).</summary>
    private static async Task AllLinksAnswer(Microsoft.Playwright.IPage page)
    {
        var links = await page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('main a[href]')].map(a => a.href)");
        foreach (var link in links.Distinct().Where(l => !l.Contains('#') && l.StartsWith("http")))
        {
            var answer = await page.Context.APIRequest.GetAsync(link, new() { MaxRedirects = 0 });
            Assert.True(answer.Status < 400, $"{link}: {answer.Status}");
        }
    }
}
