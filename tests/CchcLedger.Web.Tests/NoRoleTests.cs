using CchcLedger.Api.Hosting;

namespace CchcLedger.Web.Tests;

/// <summary>Where a new account lands after replacing its one-time password: its role's work, or a page saying who grants one.</summary>
public sealed class NoRoleTests(WebFixture fixture) : WebTest(fixture)
{
    [Fact]
    public async Task an_account_without_a_role_lands_after_its_first_password_change_on_a_page_naming_the_administrators()
    {
        var created = await Fixture.Api("POST", "/api/accounts", new { login = "kt-chua-vai-tro", name = "Phạm Thị Chưa Có" }, Roles.Administrator);
        var oneTime = created.GetProperty("oneTimePassword").GetString()!;
        await Fixture.Api("POST", "/api/accounts", new { login = "kt-quan-tri-so", name = "Đỗ Văn Quản Trị", email = "quantri.snv@langson.gov.vn" }, Roles.Administrator);
        await Fixture.Api("POST", "/api/accounts/kt-quan-tri-so/grants", new { role = Roles.Administrator, agencies = Array.Empty<string>(), reason = "Quản trị hệ thống", decisionRef = "Quyết định số 20/QĐ-SNV (thử)" }, Roles.Administrator);

        var page = await (await Fixture.NewContextAsync()).NewPageAsync();
        await page.GotoAsync("/dang-nhap");
        await page.FillAsync("#login", "kt-chua-vai-tro");
        await page.FillAsync("#password", oneTime);
        await page.ClickAsync("#dang-nhap button[type=submit]");
        await page.FillAsync("#password", oneTime);
        await page.FillAsync("#newPassword", WebFixture.TestPassword);
        await page.FillAsync("#confirmPassword", WebFixture.TestPassword);
        await page.ClickAsync("#dang-nhap button[type=submit]");
        await page.WaitForURLAsync(url => url.EndsWith("/dang-nhap/chua-co-vai-tro"));
        var text = await Text(page);
        Assert.Contains("Tài khoản chưa được cấp vai trò", await page.InnerTextAsync("h1"));
        Assert.Contains("Đã đổi mật khẩu. Từ nay hãy đăng nhập bằng mật khẩu mới của bạn.", text);
        Assert.Contains("Tài khoản “kt-chua-vai-tro” (Phạm Thị Chưa Có) đã được tạo nhưng chưa được cấp vai trò nào", text);
        Assert.Contains("Đây không phải lỗi mật khẩu.", text);
        var admins = await page.InnerTextAsync("#quan-tri-vien");
        Assert.Contains("Đỗ Văn Quản Trị · quantri.snv@langson.gov.vn", admins);
        Assert.DoesNotContain("Phạm Thị Chưa Có", admins);
        Assert.Empty(await SeriousAccessibilityViolations(page));
        await Shot(page, "63-chua-co-vai-tro");

        // The new password holds: signing in again lands on the same explanation, without a password form to fill.
        var again = await (await Fixture.NewContextAsync()).NewPageAsync();
        await again.GotoAsync("/dang-nhap");
        await again.FillAsync("#login", "kt-chua-vai-tro");
        await again.FillAsync("#password", WebFixture.TestPassword);
        await again.ClickAsync("#dang-nhap button[type=submit]");
        await again.WaitForURLAsync(url => url.EndsWith("/dang-nhap/chua-co-vai-tro"));
        Assert.DoesNotContain("Đã đổi mật khẩu", await Text(again));
        Assert.Contains("Đỗ Văn Quản Trị", await Text(again));

        // The address opened by anyone else explains, but names nobody.
        var visitor = await Open("/dang-nhap/chua-co-vai-tro", Visitor);
        Assert.Contains("Tài khoản chưa được cấp vai trò nào", await Text(visitor));
        Assert.Equal(0, await visitor.Locator("#quan-tri-vien").CountAsync());
    }

    [Fact]
    public async Task an_account_with_a_role_lands_on_its_work_after_its_first_password_change()
    {
        var oneTime = await Fixture.CreateAccountAsync("kt-co-vai-tro", "Hoàng Văn Thẩm Định", Roles.Appraiser, []);
        var page = await (await Fixture.NewContextAsync()).NewPageAsync();
        await WebFixture.SignInAsync(page, "kt-co-vai-tro", oneTime, WebFixture.TestPassword);
        Assert.EndsWith("/cong-viec", page.Url);
        Assert.Contains("thẩm định", (await Text(page)).ToLowerInvariant());
        Assert.Contains("/tham-dinh/2017/khoi/districts", string.Join(" ", await page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('main a')].map(a => a.getAttribute('href'))")));
    }
}
