using System.Text.Json;
using Microsoft.Playwright;

namespace CchcLedger.Web.Tests;

/// <summary>Base of the browser tests: open a page as a reader, read what it shows, check it, keep a screenshot.</summary>
[Collection(WebCollection.Name)]
public abstract class WebTest(WebFixture fixture)
{
    protected WebFixture Fixture => fixture;

    public const string Visitor = "visitor";

    /// <summary>Opens <paramref name="path"/> in a new tab of the reader's context and checks the status.</summary>
    protected async Task<IPage> Open(string path, string who = CchcLedger.Api.Hosting.Roles.Auditor, int status = 200, string? agency = null)
    {
        var page = await (await fixture.As(who, agency)).NewPageAsync();
        var response = await page.GotoAsync(path);
        Assert.True(response is not null && response.Status == status, $"{path} as {who}: {response?.Status}, expected {status}");
        return page;
    }

    /// <summary>The text a reader sees (rendered, so the CSS that hides print-only parts applies).</summary>
    protected static Task<string> Text(IPage page, string selector = "main") => page.InnerTextAsync(selector);

    protected static async Task Shot(IPage page, string name) =>
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(WebFixture.Artifacts, $"{name}.png"), FullPage = true });

    private static readonly string AxeScript = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "axe", "axe.min.js"));

    /// <summary>axe-core's serious and critical violations on the page as it is, each as "rule: help (targets)".</summary>
    protected static async Task<IReadOnlyList<string>> SeriousAccessibilityViolations(IPage page)
    {
        await page.AddScriptTagAsync(new PageAddScriptTagOptions { Content = AxeScript });
        var violations = await page.EvaluateAsync<JsonElement>(
            "async () => (await axe.run(document, { resultTypes: ['violations'] })).violations" +
            ".filter(v => v.impact === 'serious' || v.impact === 'critical')" +
            ".map(v => v.id + ': ' + v.help + ' (' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', ') + ')')");
        return violations.EnumerateArray().Select(v => v.GetString()!).ToList();
    }

    /// <summary>The hidden fields of a form as rendered (its antiforgery token, idempotency key and version).</summary>
    protected static async Task<Dictionary<string, string>> HiddenFields(IPage page, string form) =>
        await page.EvaluateAsync<Dictionary<string, string>>(
            $"() => Object.fromEntries([...document.querySelectorAll('{form} input[type=hidden]')].map(i => [i.name, i.value]))");

    /// <summary>A form post from the signed-in browser (its cookies), not followed, as a second click would send it.</summary>
    protected static async Task<IAPIResponse> Post(IPage page, string url, Dictionary<string, string> fields)
    {
        var form = page.Context.APIRequest.CreateFormData();
        foreach (var (name, value) in fields) form.Append(name, value);
        return await page.Context.APIRequest.PostAsync(url, new() { Form = form, MaxRedirects = 0 });
    }
}
