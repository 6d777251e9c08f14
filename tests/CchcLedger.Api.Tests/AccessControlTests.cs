using System.CommandLine;
using Alba;
using CchcLedger.Api.Demo;
using CchcLedger.Api.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CchcLedger.Api.Tests;

public sealed class AccessControlTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    private const string Appeal = "2017-huu-lung-1";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await DemoLoader.LoadAsync(Store, DemoData.Read(DemoData.DefaultPath()));
        await Post("/api/years/2017/rankings/districts/preliminary", new { appealWindowDays = 10 }, 201);
        await Post("/api/years/2017/scorecards/huu-lung/appeals", new { criterion = "1.1.1", requestedPoints = 1, argument = "Đã ban hành đúng hạn" }, 201);
    }

    private sealed record Principal(string Label, string? Token, string? Role, string[] Agencies);

    private static IEnumerable<Principal> Principals()
    {
        var now = DateTimeOffset.UtcNow;
        var valid = TestTokens.For(Roles.Auditor);
        yield return new("no token", null, null, []);
        yield return new("expired token", TestTokens.Settings.Issue("Hết hạn", Roles.Auditor, [], TimeSpan.FromHours(1), now.AddHours(-3)), null, []);
        yield return new("token signed with another key", new AuthSettings(new byte[32], AuthSettings.DefaultIssuer, AuthSettings.DefaultAudience).Issue("Giả mạo", Roles.Auditor, [], TimeSpan.FromHours(1), now), null, []);
        yield return new("tampered token", valid[..^4] + (valid[^4] == 'A' ? "BBBB" : "AAAA"), null, []);
        yield return new("officer of huu-lung", TestTokens.For(Roles.AgencyOfficer, null, "huu-lung"), Roles.AgencyOfficer, ["huu-lung"]);
        yield return new("officer of another agency", TestTokens.For(Roles.AgencyOfficer, null, "van-quan"), Roles.AgencyOfficer, ["van-quan"]);
        foreach (var role in Roles.All.Where(r => r != Roles.AgencyOfficer))
            yield return new(role, TestTokens.For(role), role, []);
    }

    private static string Concrete(string route) =>
        "/" + route.TrimStart('/').Replace("{year}", "2017").Replace("{year:int}", "2017").Replace("{agency}", "huu-lung").Replace("{block}", "districts")
             .Replace("{setId}", "2017-districts").Replace("{appealId}", Appeal).Replace("{code}", "huu-lung").Replace("{documentName}", "v1")
             .Replace("{n}", "1").Replace("{n:int}", "1").Replace("{status:int}", "404").Replace("{lang}", "vi")
             .Replace("{tokenId}", "0123456789abcdef").Replace("{sha256}", new string('0', 64))
        + (route.EndsWith("/appeals") && !route.Contains("{agency}") || route.Contains("kien-nghi/{year") ? "?agency=huu-lung" : "");

    /// <summary>Open to anyone (a signed-in officer still only to its own agencies where the rule has a scope), or to the roles named.</summary>
    private static bool Allowed(AccessRule rule, Principal who) =>
        rule.Roles.Contains(AccessRule.Anonymous) && (who.Role is null || rule.Scope == AgencyScope.None)
        || who.Role is { } role && rule.Roles.Contains(role) && (role != Roles.AgencyOfficer || rule.Scope == AgencyScope.None || who.Agencies.Contains("huu-lung"));

    [Fact]
    public async Task every_endpoint_answers_every_principal_as_its_rule_says_and_refusals_write_nothing()
    {
        // Pages answer any method: each is walked with GET and with every other method its rules name.
        var endpoints = Host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<CchcLedger.Api.Web.WebPageMetadata>() is null
                    ? e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []
                    : AccessControl.Rules.Where(r => r.Route.TrimStart('/') == e.RoutePattern.RawText!.TrimStart('/')).Select(r => r.Method).Append("GET").Distinct())
                .Select(m => (Method: m, Route: e.RoutePattern.RawText!)))
            .Distinct().ToList();
        Assert.Contains(endpoints, e => e.Route.TrimStart('/') == "don-vi/{year:int}/{agency}");
        Assert.True(endpoints.Count >= 28, $"found only {endpoints.Count} endpoints");

        var unruled = endpoints.Where(e => AccessControl.RuleFor(e.Method, e.Route) is null).ToList();
        Assert.True(unruled.Count == 0, "endpoints without an access rule (closed by default, but give them a rule): " + string.Join(", ", unruled));

        var failures = new List<string>();
        foreach (var (method, route) in endpoints)
        {
            var rule = AccessControl.RuleFor(method, route)!;
            foreach (var who in Principals())
            {
                var before = await EventCount();
                var result = await Host.Scenario(s =>
                {
                    if (method == "GET") s.Get.Url(Concrete(route)); else s.Post.Json(new { }).ToUrl(Concrete(route));
                    if (who.Token is not null) s.WithBearerToken(who.Token);
                    s.IgnoreStatusCode();
                });
                var status = result.Context.Response.StatusCode;
                // Another agency's appeal is answered as if it did not exist (404), so that an officer cannot probe appeal ids.
                var expected = Allowed(rule, who) ? "neither 401 nor 403" : who.Role is null ? "401" : rule.Scope == AgencyScope.Appeal && who.Role == Roles.AgencyOfficer ? "404" : "403";
                var ok = expected switch
                {
                    "401" => status == 401,
                    "403" => status == 403,
                    "404" => status == 404,
                    _ => status is not (401 or 403),
                };
                if (!ok) failures.Add($"{method} {route} as {who.Label}: {status}, expected {expected}");
                // A refused page is a page in Vietnamese, never a problem document or a stack trace.
                if (status is 401 or 403 && !CchcLedger.Api.Web.WebPages.IsApiPath(Concrete(route)))
                {
                    var body = await result.ReadAsTextAsync();
                    if (result.Context.Response.ContentType?.StartsWith("text/html") != true || !body.Contains(status == 401 ? "Cần đăng nhập" : "Không có quyền truy cập"))
                        failures.Add($"{method} {route} as {who.Label}: refused without the Vietnamese page ({result.Context.Response.ContentType})");
                }
                if (status is 401 or 403 or 404 && !Allowed(rule, who) && await EventCount() != before) failures.Add($"{method} {route} as {who.Label}: refused but wrote events");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task an_officer_cannot_tell_another_agencys_appeal_from_one_that_does_not_exist()
    {
        var officer = TestTokens.For(Roles.AgencyOfficer, null, "van-quan");
        async Task<string> Answer(string appealId)
        {
            var problem = System.Text.Json.Nodes.JsonNode.Parse(await (await Host.Scenario(s =>
            {
                s.Get.Url($"/api/appeals/{appealId}");
                s.WithBearerToken(officer);
                s.StatusCodeShouldBe(404);
            })).ReadAsTextAsync())!.AsObject();
            problem.Remove("traceId"); // differs per request, whatever the answer
            return problem.ToJsonString();
        }
        Assert.Equal((await Answer("2017-huu-lung-9")).Replace("2017-huu-lung-9", "ID"), (await Answer(Appeal)).Replace(Appeal, "ID"));
    }

    [Fact]
    public async Task an_auditor_an_officer_of_another_agency_and_a_tampered_token_cannot_write()
    {
        var before = await EventCount();
        var body = new { criterion = "1.1.1", points = 1, reason = "Sửa điểm", decisionRef = "QĐ giả" };
        foreach (var (token, status) in new[]
        {
            (TestTokens.For(Roles.Auditor), 403),
            (TestTokens.For(Roles.AgencyOfficer, null, "van-quan"), 403),
            (TestTokens.For(Roles.Appraiser)[..^3] + "abc", 401),
        })
        {
            var result = await Host.Scenario(s =>
            {
                s.Post.Json(body).ToUrl("/api/years/2017/scorecards/huu-lung/adjustments");
                s.WithBearerToken(token);
                s.StatusCodeShouldBe(status);
            });
            Assert.Equal("application/problem+json", result.Context.Response.ContentType?.Split(';')[0]);
        }
        var selfScore = await Host.Scenario(s =>
        {
            s.Post.Json(new { criterion = "1.1.1", points = 1, explanation = "x" }).ToUrl("/api/years/2017/scorecards/huu-lung/self-scores");
            s.WithBearerToken(TestTokens.For(Roles.AgencyOfficer, null, "van-quan"));
            s.StatusCodeShouldBe(403);
        });
        Assert.Contains("huu-lung", await selfScore.ReadAsTextAsync());
        Assert.Equal(before, await EventCount());
    }

    [Fact]
    public async Task the_ledger_refuses_to_start_in_production_without_a_signing_key()
    {
        var connection = await TestDatabase.ConnectionStringAsync();
        var error = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var host = await AlbaHost.For<Program>(b =>
            {
                b.UseEnvironment("Production");
                b.UseSetting("ConnectionStrings:Ledger", connection);
                b.UseSetting("Demo:LoadOnStart", "false");
            });
        });
        Assert.Contains("refuses to start in Production without Auth:SigningKey", error.ToString());
    }

    [Fact]
    public async Task a_token_from_cchc_token_is_accepted_and_names_the_actor()
    {
        var output = new StringWriter();
        var original = Console.Out;
        Environment.SetEnvironmentVariable("Auth__SigningKey", TestTokens.Key);
        Console.SetOut(output);
        try
        {
            Assert.Equal(0, await Cli.Cli.Root().Parse(["token", "--role", "appraiser", "--name", "Nguyễn Văn A", "--days", "1"]).InvokeAsync());
            Assert.Equal(2, await Cli.Cli.Root().Parse(["token", "--role", "agency-officer", "--name", "Thiếu phạm vi"]).InvokeAsync());
        }
        finally
        {
            Console.SetOut(original);
            Environment.SetEnvironmentVariable("Auth__SigningKey", null);
        }
        var token = output.ToString().Split('\n')[0].Trim();
        await Host.Scenario(s =>
        {
            s.Post.Json(new { criterion = "1.1.1", points = 1, reason = "Phúc khảo", decisionRef = "QĐ 1" }).ToUrl("/api/years/2017/scorecards/huu-lung/adjustments");
            s.WithBearerToken(token);
            s.StatusCodeShouldBe(200);
        });
        var derivation = await Get("/api/years/2017/scorecards/huu-lung/derivation");
        var last = derivation["leaves"]!.AsArray().Single(l => l!["code"]!.GetValue<string>() == "1.1.1")!["steps"]!.AsArray()[^1]!;
        Assert.Equal(("adjustment", "Nguyễn Văn A"), (last["kind"]!.GetValue<string>(), last["recordedBy"]!.GetValue<string>()));
    }
}

/// <summary>A host of its own with tiny limits, so that the limits can be reached in a test.</summary>
public sealed class RateLimitedFixture : LedgerFixture
{
    protected override string? DatabaseName => "cchc_limits";

    protected override void ConfigureHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        builder.UseSetting("RateLimits:AnonymousPerMinute", "3");
        builder.UseSetting("RateLimits:AuthenticatedPerMinute", "5");
    }

}

public sealed class RateLimitTests(RateLimitedFixture fixture) : LedgerTest(fixture), IClassFixture<RateLimitedFixture>
{
    [Fact]
    public async Task anonymous_and_authenticated_callers_over_their_limit_get_a_429()
    {
        var anonymous = new List<int>();
        for (var i = 0; i < 4; i++)
            anonymous.Add((await Host.Scenario(s => { s.Get.Url("/api/integrity/public-key"); s.IgnoreStatusCode(); })).Context.Response.StatusCode);
        Assert.Equal([200, 200, 200, 429], anonymous);

        // A monitor polling the health probes is never limited, even by an address that is over its limit.
        for (var i = 0; i < 10; i++)
            foreach (var probe in new[] { "/health", "/health/live", "/health/ready" })
                await Host.Scenario(s => { s.Get.Url(probe); s.StatusCodeShouldBe(200); });

        var token = TestTokens.For(Roles.Auditor, "Kiểm toán viên");
        var authenticated = new List<int>();
        for (var i = 0; i < 6; i++)
            authenticated.Add((await Host.Scenario(s => { s.Get.Url("/api/agencies"); s.WithBearerToken(token); s.IgnoreStatusCode(); })).Context.Response.StatusCode);
        Assert.Equal([200, 200, 200, 200, 200, 429], authenticated);
    }
}
