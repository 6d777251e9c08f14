using CchcLedger.Api.Hosting;

namespace CchcLedger.Web.Tests;

/// <summary>Signing in with a token, and refusals as pages in Vietnamese; the JSON API's answers stay problem documents.</summary>
public sealed class AccessTests(WebFixture fixture) : WebTest(fixture)
{
    [Fact]
    public async Task an_auditor_page_asks_a_visitor_to_sign_in_and_a_wrong_token_is_refused_beside_the_field()
    {
        // A context of its own: this test signs in and out.
        var context = await Fixture.Browser.NewContextAsync(new() { BaseURL = Fixture.BaseAddress.ToString() });
        var page = await context.NewPageAsync();
        Assert.Equal(401, (await page.GotoAsync("/xep-hang/2017/districts"))!.Status);
        Assert.Contains("Cần đăng nhập", await Text(page));
        await page.ClickAsync("main a:has-text('Đăng nhập')");
        Assert.Contains("/dang-nhap?returnUrl=%2Fxep-hang%2F2017%2Fdistricts", page.Url);

        await page.FillAsync("#token", "không-phải-mã");
        await page.ClickAsync("button[type=submit].primary");
        Assert.Contains("Mã không hợp lệ", await page.InnerTextAsync("#token-error"));
        Assert.Equal("không-phải-mã", await page.InputValueAsync("#token"));
        await Shot(page, "13-dang-nhap-bi-tu-choi");

        await page.FillAsync("#token", TestTokensFor(Roles.Auditor));
        await page.ClickAsync("button[type=submit].primary");
        Assert.EndsWith("/xep-hang/2017/districts", page.Url);
        Assert.Contains("Xếp hạng Khối UBND cấp huyện năm 2017", await Text(page));
        // The token is kept in an HttpOnly, SameSite=Strict cookie, out of reach of scripts.
        var cookie = (await page.Context.CookiesAsync()).Single(c => c.Name == "cchc_token");
        Assert.True(cookie.HttpOnly);
        Assert.Equal(Microsoft.Playwright.SameSiteAttribute.Strict, cookie.SameSite);
        Assert.Equal("", await page.EvaluateAsync<string>("() => document.cookie.includes('cchc_token') ? 'visible' : ''"));

        await page.ClickAsync("header form.who button");
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");
        Assert.DoesNotContain(await context.CookiesAsync(), c => c.Name == "cchc_token");
        Assert.Equal(401, (await page.GotoAsync("/xep-hang/2017/districts"))!.Status);
        await context.CloseAsync();
    }

    [Fact]
    public async Task an_officer_sees_its_own_agency_and_a_vietnamese_refusal_for_another()
    {
        var own = await Open("/don-vi/2017/huu-lung", Roles.AgencyOfficer, agency: "huu-lung");
        Assert.Contains("77,9 điểm", await own.InnerTextAsync(".facts"));
        var other = await Open("/don-vi/2017/van-quan", Roles.AgencyOfficer, status: 403, agency: "huu-lung");
        var text = await Text(other);
        Assert.Contains("Không có quyền truy cập", text);
        Assert.DoesNotContain("78,23", text);
        await Shot(other, "14-khong-co-quyen");
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
    public async Task the_sign_in_cookie_only_reads_and_a_form_without_its_antiforgery_token_is_refused()
    {
        var context = await Fixture.As(Roles.Appraiser);
        var write = await context.APIRequest.PostAsync("/api/years/2017/scorecards/huu-lung/adjustments", new()
        {
            DataObject = new { criterion = "1.1.1", points = 0.5, reason = "qua cookie", decisionRef = "không được" },
        });
        Assert.Equal(401, write.Status);
        var read = await context.APIRequest.GetAsync("/api/years/2017/scorecards/huu-lung");
        Assert.Equal(200, read.Status);

        var forged = await context.APIRequest.PostAsync("/dang-nhap", new() { Form = context.APIRequest.CreateFormData().Set("token", "x") });
        Assert.Equal(400, forged.Status);
    }

    private static string TestTokensFor(string role) => CchcLedger.Api.Tests.TestTokens.For(role, "Kiểm toán viên (thử)");
}
