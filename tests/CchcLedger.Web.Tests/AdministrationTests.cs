using System.Text.RegularExpressions;
using CchcLedger.Api.Hosting;
using Microsoft.Playwright;

namespace CchcLedger.Web.Tests;

/// <summary>The criteria administrator's register of agencies and the administrator's accounts, done in the browser.</summary>
public sealed class AdministrationTests(WebFixture fixture) : WebTest(fixture)
{
    [Fact]
    public async Task agencies_are_registered_renamed_moved_and_merged_with_refusals_beside_the_fields_and_a_page_left_open_refused()
    {
        var page = await Open("/quan-tri/don-vi", Roles.CriteriaAdmin);
        Assert.Contains("UBND huyện Hữu Lũng", await Text(page));

        await page.FillAsync("#dang-ky-code", "Sở Thử Nghiệm");
        await page.FillAsync("#dang-ky-name", "Sở Thử nghiệm (kiểm thử)");
        await page.SelectOptionAsync("#dang-ky-block", "departments");
        await page.ClickAsync("#form-dang-ky button[type=submit]");
        Assert.Contains("Chỉ gồm chữ thường không dấu", await page.InnerTextAsync("#dang-ky-code-error"));
        Assert.Equal("Sở Thử nghiệm (kiểm thử)", await page.InputValueAsync("#dang-ky-name"));
        await page.FillAsync("#dang-ky-code", "kt-thu-nghiem");
        await page.ClickAsync("#form-dang-ky button[type=submit]");
        Assert.Contains("Đã đăng ký Sở Thử nghiệm (kiểm thử).", await Text(page));
        Assert.Contains("Thay đổi: Sở Thử nghiệm (kiểm thử)", await Text(page));

        // The same page, opened by a second tab before the rename.
        var left = await (await Fixture.As(Roles.CriteriaAdmin)).NewPageAsync();
        await left.GotoAsync("/quan-tri/don-vi?ma=kt-thu-nghiem");

        await page.FillAsync("#doi-ten-name", "Sở Thử nghiệm và Đổi mới (kiểm thử)");
        await page.FillAsync("#doi-ten-decisionRef", "Quyết định số 1/QĐ-UBND ngày 02/01/2026 (thử)");
        await page.ClickAsync("#form-doi-ten button[type=submit]");
        Assert.Equal("Không được để trống.", (await page.InnerTextAsync("#doi-ten-reason-error")).Trim());
        await page.FillAsync("#doi-ten-reason", "Hợp nhất chức năng đổi mới sáng tạo");
        await page.ClickAsync("#form-doi-ten button[type=submit]");
        Assert.Contains("Đã ghi thay đổi của Sở Thử nghiệm (kiểm thử).", await Text(page));
        Assert.Contains("Sở Thử nghiệm và Đổi mới (kiểm thử)", await page.InnerTextAsync("#dv-kt-thu-nghiem"));

        await left.SelectOptionAsync("#chuyen-khoi-block", "districts");
        await left.FillAsync("#chuyen-khoi-reason", "Chuyển về cấp huyện");
        await left.FillAsync("#chuyen-khoi-decisionRef", "Quyết định số 2/QĐ-UBND (thử)");
        await left.ClickAsync("#form-chuyen-khoi button[type=submit]");
        Assert.Contains("Dữ liệu đã được thay đổi sau khi bạn mở trang", await left.InnerTextAsync("#form-chuyen-khoi"));
        Assert.Equal("Chuyển về cấp huyện", await left.InputValueAsync("#chuyen-khoi-reason"));
        Assert.Contains("Khối sở, ban, ngành", await page.InnerTextAsync("#dv-kt-thu-nghiem"));

        // Merged into Sở Nội vụ: no longer active, and the register says into what.
        await page.SelectOptionAsync("#giai-the-mergedInto", "so-noi-vu");
        await page.FillAsync("#giai-the-reason", "Sáp nhập theo đề án sắp xếp tổ chức bộ máy");
        await page.FillAsync("#giai-the-decisionRef", "Nghị quyết số 3/NQ-HĐND (thử)");
        await page.ClickAsync("#form-giai-the button[type=submit]");
        Assert.Contains("Đã sáp nhập vào Sở Nội vụ", await page.InnerTextAsync("#dv-kt-thu-nghiem"));
        await Shot(page, "34-don-vi");
        var agency = await Fixture.Api("GET", "/api/agencies");
        Assert.Contains(agency.EnumerateArray(), a => a.GetProperty("code").GetString() == "kt-thu-nghiem" && !a.GetProperty("active").GetBoolean());

        var appraiser = await Open("/quan-tri/don-vi", Roles.Appraiser, status: 403);
        Assert.Contains("Không có quyền truy cập", await Text(appraiser));
        var auditor = await Open("/quan-tri/don-vi", Roles.Auditor);
        Assert.Equal(0, await auditor.Locator("main form").CountAsync());
    }

    [Fact]
    public async Task a_new_person_signs_in_with_the_right_given_loses_it_at_once_when_revoked_and_a_reset_ends_their_session()
    {
        var admin = await (await Fixture.NewContextAsync()).NewPageAsync();
        await WebFixture.SignInAsync(admin, "quantri", CchcLedger.Api.Demo.DemoAccounts.Password);
        await admin.GotoAsync("/quan-tri/tai-khoan");
        Assert.Contains("cán bộ đầu mối CCHC cho UBND huyện Hữu Lũng", await admin.InnerTextAsync("#tk-huulung"));
        await admin.FillAsync("#tao-login", "kt-le-thi-moi");
        await admin.FillAsync("#tao-name", "Lê Thị Mới");
        await admin.FillAsync("#tao-reason", "Cán bộ mới của Hội đồng thẩm định");
        await admin.FillAsync("#tao-decisionRef", "Quyết định số 12/QĐ-SNV (thử)");
        await admin.ClickAsync("form[action$='handler=tao'] button[type=submit]");
        var oneTime = OneTimePassword(await admin.InnerTextAsync("[role=status]"));

        await Grant(admin, "kt-le-thi-moi", Roles.Appraiser, "Phân công thẩm định khối huyện", "Quyết định số 13/QĐ-SNV (thử)");

        var person = await (await Fixture.NewContextAsync()).NewPageAsync();
        await WebFixture.SignInAsync(person, "kt-le-thi-moi", oneTime, "mật-khẩu-của-Mới-2026");
        Assert.Equal(200, (await person.GotoAsync("/tham-dinh/2017/khoi/districts"))!.Status);

        // The account moved on when its holder set a password of their own: the administrator's page is opened again.
        await admin.GotoAsync("/quan-tri/tai-khoan");
        await admin.Locator("#tk-kt-le-thi-moi form[action$='handler=thuhoi'] input[name=reason]").FillAsync("Chuyển công tác");
        await admin.Locator("#tk-kt-le-thi-moi form[action$='handler=thuhoi'] button[type=submit]").ClickAsync();
        Assert.Contains("Đã thu hồi vai trò của tài khoản kt-le-thi-moi.", await Text(admin));
        var refused = await person.GotoAsync("/tham-dinh/2017/khoi/districts");
        Assert.NotEqual(200, refused!.Status);
        Assert.DoesNotContain("Danh sách hồ sơ", await Text(person));

        // A reset: a new one-time password shown once, and the person's session ends.
        var person2 = await (await Fixture.NewContextAsync()).NewPageAsync();
        await Grant(admin, "kt-le-thi-moi", Roles.Auditor, "Kiểm tra nội bộ", "Quyết định số 14/QĐ-SNV (thử)");
        await WebFixture.SignInAsync(person2, "kt-le-thi-moi", "mật-khẩu-của-Mới-2026");
        Assert.Equal(200, (await person2.GotoAsync("/quan-tri/tai-khoan"))!.Status);
        await admin.GotoAsync("/quan-tri/tai-khoan");
        await admin.Locator("#tk-kt-le-thi-moi details:has(#form-dat-lai-kt-le-thi-moi) summary").ClickAsync();
        await admin.Locator("#form-dat-lai-kt-le-thi-moi button[type=submit]").ClickAsync();
        Assert.Equal("Không được để trống.", (await admin.InnerTextAsync("#dat-lai-kt-le-thi-moi-reason-error")).Trim());
        await admin.FillAsync("#dat-lai-kt-le-thi-moi-reason", "Người dùng quên mật khẩu");
        await admin.ClickAsync("#form-dat-lai-kt-le-thi-moi button[type=submit]");
        var reset = OneTimePassword(await admin.InnerTextAsync("[role=status]"));
        Assert.NotEqual(oneTime, reset);
        await Shot(admin, "35-cap-lai-mat-khau");
        Assert.Equal(401, (await person2.GotoAsync("/quan-tri/tai-khoan"))!.Status);
        await WebFixture.SignInAsync(person2, "kt-le-thi-moi", reset, "mật-khẩu-mới-nữa-2026");
        Assert.Equal(200, (await person2.GotoAsync("/quan-tri/tai-khoan"))!.Status);
    }

    [Fact]
    public async Task an_account_is_locked_after_repeated_wrong_passwords_and_then_refused_even_with_the_right_one()
    {
        var oneTime = await Fixture.CreateAccountAsync("kt-khoa-tam", "Người thử khoá", Roles.Auditor, []);
        var page = await (await Fixture.NewContextAsync()).NewPageAsync();
        for (var i = 0; i < 5; i++)
        {
            await page.GotoAsync("/dang-nhap");
            await page.FillAsync("#login", "kt-khoa-tam");
            await page.FillAsync("#password", $"sai-mật-khẩu-{i}");
            await page.ClickAsync("#dang-nhap button[type=submit]");
            Assert.Contains("/dang-nhap", page.Url);
        }
        await page.GotoAsync("/dang-nhap");
        await page.FillAsync("#login", "kt-khoa-tam");
        await page.FillAsync("#password", oneTime);
        await page.ClickAsync("#dang-nhap button[type=submit]");
        Assert.Contains("Tài khoản tạm bị khoá đến", await Text(page));
        Assert.Equal(0, await page.Locator("#newPassword").CountAsync());
        await Shot(page, "36-tai-khoan-bi-khoa");
    }

    private static async Task Grant(IPage admin, string login, string role, string reason, string decisionRef)
    {
        var form = admin.Locator($"#tk-{login} form[action$='handler=cap']");
        await admin.Locator($"#tk-{login} details:has(form[action$='handler=cap']) summary").ClickAsync();
        await form.Locator("select[name=role]").SelectOptionAsync(role);
        await form.Locator("input[name=reason]").FillAsync(reason);
        await form.Locator("input[name=decisionRef]").FillAsync(decisionRef);
        await form.Locator("button[type=submit]").ClickAsync();
        Assert.Contains($"Đã cấp vai trò cho tài khoản {login}.", await Text(admin));
    }

    private static string OneTimePassword(string notice) =>
        Regex.Match(notice, @"\(chỉ hiện lần này, hãy trao trực tiếp cho người dùng\): (\S+)") is { Success: true } m ? m.Groups[1].Value
            : throw new Xunit.Sdk.XunitException($"no one-time password in: {notice}");
}
