namespace CchcLedger.Web.Tests;

/// <summary>The site's icon: a small SVG served from wwwroot, linked from every page, and answering where browsers ask for it anyway.</summary>
public sealed class FaviconTests(WebFixture fixture) : WebTest(fixture)
{
    [Fact]
    public async Task the_icon_answers_as_an_image_at_favicon_svg_and_favicon_ico_and_the_pages_link_it()
    {
        var page = await Open("/", Visitor);
        Assert.Equal("/favicon.svg", await page.GetAttributeAsync("head link[rel=icon]", "href"));
        foreach (var path in new[] { "/favicon.svg", "/favicon.ico" })
        {
            var response = await page.Context.APIRequest.GetAsync(path, new() { MaxRedirects = 0 });
            Assert.True(response.Status == 200, $"{path}: {response.Status}");
            Assert.StartsWith("image/", response.Headers["content-type"]);
            Assert.Contains("<svg", await response.TextAsync());
        }
    }
}
