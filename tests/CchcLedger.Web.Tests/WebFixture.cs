using System.Text.Json;
using CchcLedger.Api.Hosting;
using CchcLedger.Api.Tests;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CchcLedger.Web.Tests;

/// <summary>
/// The ledger on real Kestrel, exactly as <c>dotnet run</c> starts it (the demo told on its own calendar, through to
/// its publication), on a database of its own on the suite's throwaway PostgreSQL; and Debian's chromium driven by
/// Playwright, with a browser context per kind of reader.
/// </summary>
public sealed class WebFixture : IAsyncLifetime
{
    public const string Chromium = "/usr/bin/chromium";

    private WebApplicationFactory<Program> _factory = null!;
    private IPlaywright _playwright = null!;
    private readonly Dictionary<string, IBrowserContext> _contexts = [];

    public IBrowser Browser { get; private set; } = null!;
    public Uri BaseAddress { get; private set; } = null!;
    public IServiceProvider Services => _factory.Services;

    /// <summary>Screenshots and the printed appendix: TestResults/screenshots at the repository's root (git-ignored).</summary>
    public static readonly string Artifacts = Path.Combine(RepositoryRoot(), "TestResults", "screenshots");

    public async Task InitializeAsync()
    {
        if (!File.Exists(Chromium))
            throw new InvalidOperationException($"{Chromium} is missing: install Debian's chromium with `apt-get install -y chromium` (README, 'Set-up'; .ci/run does it).");

        var owner = await TestDatabase.FreshDatabaseAsync("cchc_web");
        var integrity = Path.Combine(Path.GetTempPath(), $"cchc-web-integrity-{Environment.ProcessId}");
        // The host reads its configuration as `dotnet run` does; environment variables reach Program before it builds.
        foreach (var (key, value) in new Dictionary<string, string>
        {
            ["ConnectionStrings__LedgerOwner"] = owner,
            ["ConnectionStrings__Ledger"] = Projections.AppendOnly.AppConnection(owner),
            ["Demo__LoadOnStart"] = "true",
            ["Auth__SigningKey"] = TestTokens.Key,
            ["RateLimits__AnonymousPerMinute"] = "1000000",
            ["RateLimits__AuthenticatedPerMinute"] = "1000000",
            ["Integrity__CheckpointKeyFile"] = Path.Combine(integrity, "checkpoint-key.pem"),
            ["Integrity__WitnessFile"] = Path.Combine(integrity, "checkpoints.jsonl"),
            ["Integrity__EventMacKeyFile"] = Path.Combine(integrity, "event-mac.key"),
            ["Logging__LogLevel__Default"] = "Warning",
        })
            Environment.SetEnvironmentVariable(key, value);

        _factory = new WebApplicationFactory<Program>();
        _factory.UseKestrel(0);
        _factory.StartServer();
        var address = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address.Replace("[::]", "127.0.0.1").Replace("0.0.0.0", "127.0.0.1"));

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        Directory.CreateDirectory(Artifacts);
    }

    /// <summary>The password test accounts set at their first sign-in (Vietnamese, so that NFC is exercised too).</summary>
    public const string TestPassword = "mật-khẩu-thử-2017";

    /// <summary>
    /// A browser context for a reader: "visitor" (nobody signed in) or a role, signed in through the sign-in page with an
    /// account of its own (created by an administrator through the API, its one-time password changed at the first sign-in).
    /// </summary>
    public async Task<IBrowserContext> As(string who, string? agency = null)
    {
        var key = $"{who}/{agency}";
        if (_contexts.TryGetValue(key, out var existing)) return existing;
        var context = await NewContextAsync();
        if (who != "visitor")
        {
            var login = $"kt-{who}{(agency is null ? "" : "-" + agency)}";
            var oneTime = await CreateAccountAsync(login, $"Người kiểm thử ({who})", who, agency is null ? [] : [agency]);
            var page = await context.NewPageAsync();
            await SignInAsync(page, login, oneTime, TestPassword);
            await page.CloseAsync();
        }
        _contexts[key] = context;
        return context;
    }

    public Task<IBrowserContext> NewContextAsync() =>
        Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseAddress.ToString(), Locale = "vi-VN", ViewportSize = new() { Width = 1280, Height = 900 } });

    /// <summary>An account with one role, created and granted by an administrator through the API; its one-time password.</summary>
    public async Task<string> CreateAccountAsync(string login, string name, string role, string[] agencies)
    {
        var created = await Api("POST", "/api/accounts", new { login, name }, Roles.Administrator);
        await Api("POST", $"/api/accounts/{login}/grants", new { role, agencies, reason = "Tài khoản kiểm thử", decisionRef = "Kiểm thử tự động" }, Roles.Administrator);
        return created.GetProperty("oneTimePassword").GetString()!;
    }

    /// <summary>Signs in through the sign-in page; with <paramref name="newPassword"/>, a one-time password is replaced on the way.</summary>
    public static async Task SignInAsync(IPage page, string login, string password, string? newPassword = null)
    {
        await page.GotoAsync("/dang-nhap");
        await page.FillAsync("#login", login);
        await page.FillAsync("#password", password);
        await page.ClickAsync("#dang-nhap button[type=submit]");
        if (newPassword is not null)
        {
            await page.WaitForSelectorAsync("#newPassword");
            await page.FillAsync("#password", password);
            await page.FillAsync("#newPassword", newPassword);
            await page.FillAsync("#confirmPassword", newPassword);
            await page.ClickAsync("#dang-nhap button[type=submit]");
        }
        await page.WaitForURLAsync(url => !url.Contains("/dang-nhap"));
    }

    /// <summary>A call to the JSON API, as a client with a bearer token would make it.</summary>
    public async Task<JsonElement> Api(string method, string path, object? body = null, string role = Roles.Auditor)
    {
        using var client = new HttpClient { BaseAddress = BaseAddress };
        client.DefaultRequestHeaders.Authorization = new("Bearer", TestTokens.For(role, $"Người kiểm thử ({role})"));
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null) request.Content = System.Net.Http.Json.JsonContent.Create(body);
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{method} {path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text.Length == 0 ? "null" : text).RootElement.Clone();
    }

    public async Task DisposeAsync()
    {
        foreach (var context in _contexts.Values) await context.CloseAsync();
        await Browser.CloseAsync();
        _playwright.Dispose();
        await _factory.DisposeAsync();
        await TestDatabase.StopAsync();
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CchcLedger.sln"))) return dir.FullName;
        return AppContext.BaseDirectory;
    }
}

[CollectionDefinition(Name)]
public sealed class WebCollection : ICollectionFixture<WebFixture>
{
    public const string Name = "web";
}
