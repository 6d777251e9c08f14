using CchcLedger.Api.Hosting;

namespace CchcLedger.Web.Tests;

/// <summary>The administrator's account page left open while the account moves on.</summary>
public sealed class AccountRightsFormTests(WebFixture fixture) : WebTest(fixture)
{
    [Fact]
    public async Task a_page_left_open_may_still_revoke_after_the_holder_changed_their_password_but_not_after_their_rights_changed()
    {
        const string login = "kt-tran-van-doi";
        var oneTime = await Fixture.CreateAccountAsync(login, "Trần Văn Đổi", Roles.Appraiser, []);
        var admin = await (await Fixture.NewContextAsync()).NewPageAsync();
        await WebFixture.SignInAsync(admin, "quantri", CchcLedger.Api.Demo.DemoAccounts.Password);
        await admin.GotoAsync("/quan-tri/tai-khoan");

        // The holder sets a password of their own while the administrator's page stays open: not a change of rights.
        var person = await (await Fixture.NewContextAsync()).NewPageAsync();
        await WebFixture.SignInAsync(person, login, oneTime, "mật-khẩu-của-Đổi-2026");
        await admin.Locator($"#tk-{login} form[action$='handler=thuhoi'] input[name=reason]").FillAsync("Chuyển công tác");
        await admin.Locator($"#tk-{login} form[action$='handler=thuhoi'] button[type=submit]").ClickAsync();
        Assert.Contains($"Đã thu hồi vai trò của tài khoản {login}.", await Text(admin));

        // A page opened before another administrator granted a right is refused, naming who changed it.
        var left = await (await Fixture.NewContextAsync()).NewPageAsync();
        await WebFixture.SignInAsync(left, "quantri", CchcLedger.Api.Demo.DemoAccounts.Password);
        await left.GotoAsync("/quan-tri/tai-khoan");
        await Fixture.Api("POST", $"/api/accounts/{login}/grants", new { role = Roles.Auditor, agencies = Array.Empty<string>(), reason = "Kiểm tra nội bộ", decisionRef = "Quyết định số 15/QĐ-SNV (thử)" }, Roles.Administrator);
        await left.Locator($"#tk-{login} form[action$='handler=khoa'] input[name=reason]").FillAsync("Tạm khoá để rà soát");
        await left.Locator($"#tk-{login} form[action$='handler=khoa'] button[type=submit]").ClickAsync();
        var refused = await Text(left);
        Assert.True(refused.Contains("Dữ liệu đã được thay đổi sau khi bạn mở trang"), refused);
        Assert.Contains(Roles.Auditor, (await Fixture.Api("GET", $"/api/accounts/{login}")).ToString());
        Assert.DoesNotContain("\"disabled\":true", (await Fixture.Api("GET", $"/api/accounts/{login}")).GetRawText().Replace(" ", ""));
    }
}
