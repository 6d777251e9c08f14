namespace CchcLedger.Api.Tests;

public sealed class HealthAndOpenApiTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    [Fact]
    public async Task liveness_and_readiness_answer_200_and_tell_anonymous_callers_nothing_internal()
    {
        foreach (var (url, status) in new[] { ("/health/live", "live"), ("/health/ready", "ready"), ("/health", "ready") })
        {
            var result = await Host.Scenario(s => { s.Get.Url(url); s.StatusCodeShouldBe(200); });
            var body = System.Text.Json.Nodes.JsonNode.Parse(await result.ReadAsTextAsync())!.AsObject();
            Assert.Equal(status, body["status"]!.GetValue<string>());
            Assert.Null(body["database"]);
            Assert.DoesNotContain("127.0.0.1", await result.ReadAsTextAsync());
        }
        // Staff see how the database answered.
        var staff = await Get("/health/ready");
        Assert.StartsWith("answered in", staff["database"]!.GetValue<string>());
    }

    [Fact]
    public async Task the_openapi_document_lists_every_route()
    {
        var paths = (await Get("/openapi/v1.json"))["paths"]!.AsObject();
        string[] expected =
        [
            "/api/agencies", "/api/criteria-sets", "/api/criteria-sets/{setId}", "/api/criteria-sets/{setId}/adoption",
            "/api/years/{year}/scorecards/{agency}", "/api/years/{year}/scorecards/{agency}/self-scores",
            "/api/years/{year}/scorecards/{agency}/submission", "/api/years/{year}/scorecards/{agency}/appraisals",
            "/api/years/{year}/scorecards/{agency}/adjustments", "/api/years/{year}/scorecards/{agency}/survey-scores",
            "/api/years/{year}/rankings/{block}", "/api/years/{year}/rankings", "/health",
        ];
        Assert.All(expected, path => Assert.True(paths.ContainsKey(path), $"{path} is missing from the OpenAPI document"));
    }
}
