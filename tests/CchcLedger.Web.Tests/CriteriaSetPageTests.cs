using CchcLedger.Api.Hosting;

namespace CchcLedger.Web.Tests;

/// <summary>The criteria administrator drafts a set as a copy, amends it with a preview, and adopts it, in the browser.</summary>
public sealed class CriteriaSetPageTests(WebFixture fixture) : WebTest(fixture)
{
    [Fact]
    public async Task a_set_is_drafted_as_a_copy_amended_after_a_preview_of_its_diff_and_ranking_effect_and_adopted_by_decision()
    {
        var page = await Open("/quan-tri/bo-tieu-chi", Roles.CriteriaAdmin);
        var source = await page.Locator("#sao-chep-copyFrom option[value^='2017-districts@']").GetAttributeAsync("value");
        await page.SelectOptionAsync("#sao-chep-copyFrom", source!);
        await page.FillAsync("#sao-chep-id", "Bộ 2012");
        await page.FillAsync("#sao-chep-year", "2012");
        await page.FillAsync("#sao-chep-title", "Bộ chỉ số CCHC cấp huyện năm 2012 (dự thảo thử)");
        await page.ClickAsync("#form-sao-chep button[type=submit]");
        Assert.Contains("Chỉ gồm chữ thường không dấu", await page.InnerTextAsync("#sao-chep-id-error"));
        Assert.Equal("Bộ chỉ số CCHC cấp huyện năm 2012 (dự thảo thử)", await page.InputValueAsync("#sao-chep-title"));
        await page.FillAsync("#sao-chep-id", "2012-districts-kt");
        await page.ClickAsync("#form-sao-chep button[type=submit]");
        Assert.Contains("Đã tạo dự thảo 2012-districts-kt.", await Text(page));
        Assert.Contains("Dự thảo", await page.InnerTextAsync("#bo-2012-districts-kt"));

        // The what-if of an amendment to the set in force: previewed against the 2017 ranking, nothing recorded.
        var inForce = await Open("/quan-tri/bo-tieu-chi?bo=2017-districts", Roles.CriteriaAdmin);
        await inForce.SelectOptionAsync("#sua-doi-kind", "renameCriterion");
        await inForce.FillAsync("#sua-doi-criterion", "1.1");
        await inForce.FillAsync("#sua-doi-title", "Tên mới của tiêu chí 1.1 (xem thử)");
        await inForce.ClickAsync("#form-sua-doi button[value=preview]");
        Assert.True(await inForce.Locator("#xem-truoc").CountAsync() == 1, await inForce.InnerTextAsync("#form-sua-doi"));
        Assert.Contains("Tên mới của tiêu chí 1.1 (xem thử)", await inForce.InnerTextAsync("#xem-truoc"));
        var whatIf = await inForce.InnerTextAsync("#bang-what-if");
        Assert.Contains("UBND huyện Hữu Lũng\t77,90\t77,90", whatIf);
        Assert.Equal("Tên mới của tiêu chí 1.1 (xem thử)", await inForce.InputValueAsync("#sua-doi-title"));
        await Shot(inForce, "38-sua-doi-xem-truoc");
        var set2017 = await Fixture.Api("GET", "/api/criteria-sets/2017-districts");
        Assert.DoesNotContain("Tên mới của tiêu chí 1.1 (xem thử)", set2017.ToString());

        // The copy, amended by a decision; the tab opened before the amendment cannot adopt the older version.
        await page.GotoAsync("/quan-tri/bo-tieu-chi?bo=2012-districts-kt");
        var left = await (await Fixture.As(Roles.CriteriaAdmin)).NewPageAsync();
        await left.GotoAsync("/quan-tri/bo-tieu-chi?bo=2012-districts-kt");
        await page.SelectOptionAsync("#sua-doi-kind", "renameCriterion");
        await page.FillAsync("#sua-doi-criterion", "1.1");
        await page.FillAsync("#sua-doi-title", "Ban hành kế hoạch CCHC năm 2012");
        await page.FillAsync("#sua-doi-reason", "Ghi rõ năm của kế hoạch");
        await page.ClickAsync("#form-sua-doi button[value=record]");
        Assert.Equal("Không được để trống.", (await page.InnerTextAsync("#sua-doi-decisionRef-error")).Trim());
        await page.FillAsync("#sua-doi-decisionRef", "Quyết định số 7/QĐ-SNV ngày 10/01/2012 (thử)");
        await page.ClickAsync("#form-sua-doi button[value=record]");
        Assert.Contains("Đã ghi sửa đổi: bộ tiêu chí 2012-districts-kt, phiên bản 2.", await Text(page));

        await left.FillAsync("#ban-hanh-decisionRef", "Quyết định số 8/QĐ-UBND ngày 15/01/2012 (thử)");
        await left.ClickAsync("#form-ban-hanh button[type=submit]");
        Assert.Contains("Hồ sơ đã được thay đổi sau khi bạn mở trang", await left.InnerTextAsync("#form-ban-hanh"));

        await page.FillAsync("#ban-hanh-decisionRef", "Quyết định số 8/QĐ-UBND ngày 15/01/2012 (thử)");
        await page.ClickAsync("#form-ban-hanh button[type=submit]");
        Assert.Contains("Đã ban hành bộ tiêu chí 2012-districts-kt.", await Text(page));
        Assert.Contains("Đã ban hành: Quyết định số 8/QĐ-UBND ngày 15/01/2012 (thử)", await page.InnerTextAsync("#bo-2012-districts-kt"));
        var adopted = await Fixture.Api("GET", "/api/criteria-sets/2012-districts-kt");
        Assert.Contains("Ban hành kế hoạch CCHC năm 2012", adopted.ToString());
        await Shot(page, "39-bo-tieu-chi");

        var appraiser = await Open("/quan-tri/bo-tieu-chi", Roles.Appraiser, status: 403);
        Assert.Contains("Không có quyền truy cập", await Text(appraiser));
    }
}
