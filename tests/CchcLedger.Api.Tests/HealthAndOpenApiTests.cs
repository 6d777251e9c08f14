namespace CchcLedger.Api.Tests;

public sealed class HealthAndOpenApiTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    [Fact]
    public async Task health_answers_200_when_the_database_answers()
    {
        var health = await Get("/health");
        Assert.Equal(("ok", "ok"), (health["status"]!.GetValue<string>(), health["database"]!.GetValue<string>()));
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
