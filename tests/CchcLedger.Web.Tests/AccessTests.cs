using CchcLedger.Api.Hosting;

namespace CchcLedger.Web.Tests;

/// <summary>Signing in with a token, and refusals as pages in Vietnamese; the JSON API's answers stay problem documents.</summary>
public sealed class AccessTests(WebFixture fixture) : WebTest(fixture)
{
    [Fact]
    public async Task an_auditor_page_asks_a_visitor_to_sign_in_and_a_wrong_password_is_refused_beside_the_field()
    {
        var oneTime = await Fixture.CreateAccountAsync("kiemtoan-thu", "Kiểm toán viên (thử)", Roles.Auditor, []);
        // A context of its own: this test signs in and out.
        var context = await Fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        Assert.Equal(401, (await page.GotoAsync("/xep-hang/2017/districts"))!.Status);
        Assert.Contains("Cần đăng nhập", await Text(page));
        await page.ClickAsync("main a:has-text('Đăng nhập')");
        Assert.Contains("/dang-nhap?returnUrl=%2Fxep-hang%2F2017%2Fdistricts", page.Url);

        await page.FillAsync("#login", "Kiemtoan-Thu ");
        await page.FillAsync("#password", "không-phải-mật-khẩu");
        await page.ClickAsync("#dang-nhap button[type=submit]");
        Assert.Contains("Tên đăng nhập hoặc mật khẩu không đúng", await page.InnerTextAsync("#password-error"));
        Assert.Equal("Kiemtoan-Thu", await page.InputValueAsync("#login"));
        Assert.Equal("", await page.InputValueAsync("#password"));
        await Shot(page, "13-dang-nhap-bi-tu-choi");

        // The one-time password signs in once, to set a password of one's own; then the page asked for opens.
        await page.FillAsync("#password", oneTime);
        await page.ClickAsync("#dang-nhap button[type=submit]");
        Assert.Contains("mật khẩu dùng một lần", await page.InnerTextAsync("#thong-bao"));
        await page.FillAsync("#password", oneTime);
        await page.FillAsync("#newPassword", "ngắn");
        await page.FillAsync("#confirmPassword", "ngắn");
        await page.EvaluateAsync("() => document.getElementById('newPassword').removeAttribute('minlength')");
        await page.ClickAsync("#dang-nhap button[type=submit]");
        Assert.Contains("Ít nhất 10 ký tự", await page.InnerTextAsync("#newPassword-error"));
        await page.FillAsync("#password", oneTime);
        await page.FillAsync("#newPassword", WebFixture.TestPassword);
        await page.FillAsync("#confirmPassword", WebFixture.TestPassword);
        await page.ClickAsync("#dang-nhap button[type=submit]");
        await page.WaitForURLAsync(url => url.EndsWith("/xep-hang/2017/districts"));
        Assert.Contains("Xếp hạng Khối UBND cấp huyện năm 2017", await Text(page));
        // The session is an HttpOnly, SameSite=Lax cookie, out of reach of scripts.
        var cookie = (await page.Context.CookiesAsync()).Single(c => c.Name == "cchc_session");
        Assert.True(cookie.HttpOnly);
        Assert.Equal(Microsoft.Playwright.SameSiteAttribute.Lax, cookie.SameSite);
        Assert.Equal("", await page.EvaluateAsync<string>("() => document.cookie.includes('cchc_session') ? 'visible' : ''"));

        await page.ClickAsync("header form.who button");
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");
        Assert.DoesNotContain(await context.CookiesAsync(), c => c.Name == "cchc_session");
        Assert.Equal(401, (await page.GotoAsync("/xep-hang/2017/districts"))!.Status);

        // The one-time password no longer works; the new one does.
        await page.GotoAsync("/dang-nhap");
        await page.FillAsync("#login", "kiemtoan-thu");
        await page.FillAsync("#password", oneTime);
        await page.ClickAsync("#dang-nhap button[type=submit]");
        Assert.Contains("không đúng", await page.InnerTextAsync("#password-error"));
        await WebFixture.SignInAsync(page, "kiemtoan-thu", WebFixture.TestPassword);
        Assert.EndsWith("/cong-viec", page.Url);
        await context.CloseAsync();
    }

    [Fact]
    public async Task an_officer_sees_its_own_agency_another_only_as_published_and_a_vietnamese_refusal_for_staff_pages()
    {
        var own = await Open("/don-vi/2017/huu-lung", Roles.AgencyOfficer, agency: "huu-lung");
        Assert.Contains("77,90 điểm", await own.InnerTextAsync(".facts"));
        Assert.Contains("Tỷ lệ TTHC được rà soát", await Text(own));
        // Another agency: what any visitor reads (its published row), never its working scorecard.
        var other = await Open("/don-vi/2017/van-quan", Roles.AgencyOfficer, agency: "huu-lung");
        var text = await Text(other);
        Assert.Contains("chỉ hiện các số liệu đã công bố chính thức", text);
        Assert.Contains("78,23", text);
        Assert.DoesNotContain("Tỷ lệ TTHC được rà soát", text);
        var refused = await Open("/xep-hang/2017/districts", Roles.AgencyOfficer, status: 403, agency: "huu-lung");
        Assert.Contains("Không có quyền truy cập", await Text(refused));
        await Shot(refused, "14-khong-co-quyen");
    }

    [Fact]
    public async Task an_unknown_address_is_a_vietnamese_page_and_the_api_still_answers_problem_documents()
    {
        var page = await Open("/khong-co-trang-nay", Visitor, status: 404);
        Assert.Contains("Không tìm thấy", await Text(page));
        var missing = await Open("/don-vi/2017/khong-co", status: 404);
        Assert.Contains("Sổ cái không có cơ quan, đơn vị mã “khong-co”.", await Text(missing));

        using var client = new HttpClient { BaseAddress = Fixture.BaseAddress };
        using var unauthorized = await client.GetAsync("/api/years/2017/rankings/districts");
        Assert.Equal(401, (int)unauthorized.StatusCode);
        Assert.Equal("application/problem+json", unauthorized.Content.Headers.ContentType?.MediaType);
        using var notFound = await client.GetAsync("/api/khong-co");
        Assert.NotEqual("text/html", notFound.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task the_session_cookie_only_reads_the_api_and_a_form_without_its_antiforgery_token_is_refused()
    {
        var context = await Fixture.As(Roles.Appraiser);
        var before = await Fixture.Api("GET", "/api/years/2017/scorecards/huu-lung");
        var write = await context.APIRequest.PostAsync("/api/years/2017/scorecards/huu-lung/adjustments", new()
        {
            DataObject = new { criterion = "1.1.1", points = 0.5, reason = "qua cookie", decisionRef = "không được" },
        });
        Assert.Equal(401, write.Status);
        var read = await context.APIRequest.GetAsync("/api/years/2017/scorecards/huu-lung");
        Assert.Equal(200, read.Status);

        // A form posted without its antiforgery token (as another site would forge it) is refused before any page code runs.
        var forged = await context.APIRequest.PostAsync("/dang-xuat", new() { Form = context.APIRequest.CreateFormData().Set("x", "y") });
        Assert.Equal(400, forged.Status);
        var forgedSignIn = await context.APIRequest.PostAsync("/dang-nhap", new() { Form = context.APIRequest.CreateFormData().Set("login", "thamdinh").Set("password", "x") });
        Assert.Equal(400, forgedSignIn.Status);
        Assert.Equal(before.GetProperty("total").GetDecimal(), (await Fixture.Api("GET", "/api/years/2017/scorecards/huu-lung")).GetProperty("total").GetDecimal());
    }
}
