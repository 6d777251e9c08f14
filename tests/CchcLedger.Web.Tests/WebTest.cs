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

    /// <summary>A year of a test's own: the districts' criteria set of one leaf (1.1, 20 points on a scale), adopted.</summary>
    protected async Task OneLeafSetAdopted(int year, string decisionRef)
    {
        await fixture.Api("POST", "/api/criteria-sets", new
        {
            id = $"{year}-districts", year, block = "districts",
            title = $"Bộ chỉ số CCHC cấp huyện năm {year} (thử nghiệm)",
            areas = new object[]
            {
                new { code = "1", title = "Công tác chỉ đạo, điều hành", max = 20, children = new object[] { new { code = "1.1", title = "Ban hành kế hoạch CCHC", max = 20, method = "scale", step = 0.5 } } },
            },
            classBands = new[] { new { label = "Tốt", min = 80 }, new { label = "Khá", min = 65 }, new { label = "Trung bình", min = 50 }, new { label = "Yếu", min = 0 } },
            rounding = new { decimals = 2, mode = "halfUp" },
            tieRule = new { kind = "shared" },
        }, CchcLedger.Api.Hosting.Roles.CriteriaAdmin);
        await fixture.Api("POST", $"/api/criteria-sets/{year}-districts/adoption", new { decisionRef }, CchcLedger.Api.Hosting.Roles.CriteriaAdmin);
    }

    /// <summary>The agency's officer self-scores 1.1 with the year's plan as evidence, and submits.</summary>
    protected async Task SelfAssessedAndSubmitted(int year, string agency, decimal points, string plan)
    {
        await fixture.Api("POST", $"/api/years/{year}/scorecards/{agency}/self-scores",
            new { criterion = "1.1", points, evidence = new[] { new { title = $"Kế hoạch CCHC năm {year}", documentRef = plan } } }, CchcLedger.Api.Hosting.Roles.AgencyOfficer, agency);
        await fixture.Api("POST", $"/api/years/{year}/scorecards/{agency}/submission", new { }, CchcLedger.Api.Hosting.Roles.AgencyOfficer, agency);
    }

    /// <summary>A form post from the signed-in browser (its cookies), not followed, as a second click would send it.</summary>
    protected static async Task<IAPIResponse> Post(IPage page, string url, Dictionary<string, string> fields)
    {
        var form = page.Context.APIRequest.CreateFormData();
        foreach (var (name, value) in fields) form.Append(name, value);
        return await page.Context.APIRequest.PostAsync(url, new() { Form = form, MaxRedirects = 0 });
    }
}
