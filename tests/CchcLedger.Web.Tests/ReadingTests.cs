using CchcLedger.Api.Hosting;
using Microsoft.Playwright;

namespace CchcLedger.Web.Tests;

/// <summary>How the pages read: without JavaScript, on a phone's width, with the keyboard, in English, and to axe-core.</summary>
public sealed class ReadingTests(WebFixture fixture) : WebTest(fixture)
{
    /// <summary>Every page of the site, as the reader it is for.</summary>
    public static readonly (string Path, string Who)[] Pages =
    [
        ("/", Visitor),
        ("/cong-bo/2017/districts/1", Visitor),
        ("/don-vi/2017/huu-lung", Visitor),
        ("/toan-ven", Visitor),
        ("/dang-nhap", Visitor),
        ("/don-vi/2017/huu-lung", Roles.Auditor),
        ("/don-vi/2017/huu-lung?asOf=2018-01-15T10:00", Roles.Auditor),
        ("/don-vi/2017/huu-lung/giai-trinh?from=2018-01-02T08:00&to=2018-02-07T00:00", Roles.Auditor),
        ("/xep-hang/2017/departments", Roles.Auditor),
        ("/giai-trinh/2017/departments?from=2018-01-12T08:00&to=2018-01-13T08:00", Roles.Auditor),
        ("/qua-cac-nam/huu-lung", Roles.Auditor),
        ("/bo-tieu-chi", Roles.Auditor),
        ("/bo-tieu-chi/2017-districts", Roles.Auditor),
        ("/kien-nghi/2017", Roles.Auditor),
        ("/kien-nghi/chi-tiet/2017-huu-lung-1", Roles.Auditor),
        ("/toan-ven/xac-minh", Roles.Auditor),
        ("/", Roles.Auditor),
    ];

    [Fact]
    public async Task no_page_has_a_serious_or_critical_accessibility_violation()
    {
        var failures = new List<string>();
        foreach (var (path, who) in Pages)
        {
            var page = await Open(path, who);
            failures.AddRange((await SeriousAccessibilityViolations(page)).Select(v => $"{path} ({who}): {v}"));
            await page.CloseAsync();
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task the_reading_pages_work_without_javascript()
    {
        var context = await Fixture.Browser.NewContextAsync(new() { BaseURL = Fixture.BaseAddress.ToString(), JavaScriptEnabled = false });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        Assert.Contains("77,9", await Text(page));
        Assert.True(await page.Locator("figure svg rect.bar").CountAsync() >= 31);
        await page.GotoAsync("/cong-bo/2017/districts/1");
        Assert.Contains("UBND huyện Hữu Lũng", await Text(page));
        await page.GotoAsync("/ngon-ngu/en?returnUrl=%2F");
        Assert.Contains("Administrative Reform Index results 2017", await Text(page));
        await context.CloseAsync();
    }

    [Fact]
    public async Task on_a_phones_width_the_page_does_not_scroll_sideways_and_the_tables_scroll_inside()
    {
        var context = await Fixture.Browser.NewContextAsync(new() { BaseURL = Fixture.BaseAddress.ToString(), ViewportSize = new() { Width = 375, Height = 800 }, IsMobile = true });
        var page = await context.NewPageAsync();
        foreach (var path in new[] { "/", "/cong-bo/2017/districts/1", "/don-vi/2017/huu-lung" })
        {
            await page.GotoAsync(path);
            var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
            Assert.True(overflow <= 1, $"{path} scrolls sideways by {overflow}px on a phone");
        }
        await page.GotoAsync("/");
        await Shot(page, "15-dien-thoai");
        await context.CloseAsync();
    }

    [Fact]
    public async Task the_keyboard_reaches_the_skip_link_first_and_it_shows_its_focus()
    {
        var page = await Open("/", Visitor);
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("Bỏ qua, đến nội dung chính", await page.EvaluateAsync<string>("() => document.activeElement.textContent.trim()"));
        Assert.True(await page.IsVisibleAsync("a.skip"));
        await page.Keyboard.PressAsync("Enter");
        Assert.Equal("noi-dung", await page.EvaluateAsync<string>("() => document.activeElement.id"));
    }

    [Fact]
    public async Task the_english_switch_changes_the_interface_and_keeps_the_data_as_recorded()
    {
        var context = await Fixture.Browser.NewContextAsync(new() { BaseURL = Fixture.BaseAddress.ToString() });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/cong-bo/2017/districts/1");
        await page.ClickAsync("a[lang=en]");
        Assert.EndsWith("/cong-bo/2017/districts/1", page.Url);
        var text = await Text(page);
        Assert.Contains("publication 1", text);
        Assert.Contains("UBND huyện Hữu Lũng", text);
        Assert.Contains("77.9", text);
        Assert.DoesNotContain("Xếp loại", text);
        Assert.Equal("en", await page.GetAttributeAsync("html", "lang"));
        await context.CloseAsync();
    }
}
