using System.Net.Http.Headers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CchcLedger.Api.Hosting;

namespace CchcLedger.Api.Tests;

/// <summary>
/// The document lists exactly what the API answers: real requests, refusals among them, are checked against the served
/// document (the status among the operation's responses, the content type among that response's, the body against its
/// schema, with no field the schema does not name); and the committed copy the client is generated from is the served one.
/// </summary>
public sealed class ApiContractTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    private static readonly JsonSerializerOptions Pretty = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [Fact]
    public async Task the_committed_document_is_the_served_document()
    {
        var served = await Get("/openapi/v1.json");
        var file = Path.Combine(Redocly.Folder(), "..", "..", "docs", "openapi", "v1.json");
        if (Environment.GetEnvironmentVariable("CCHC_WRITE_OPENAPI") == "1") await File.WriteAllTextAsync(file, served.ToJsonString(Pretty) + "\n");
        var committed = JsonNode.Parse(await File.ReadAllTextAsync(file));
        Assert.True(JsonNode.DeepEquals(served, committed),
            "docs/openapi/v1.json is not the served document: run tools/openapi/generate-client.sh (it refreshes the file and the generated client)");
    }

    [Fact]
    public async Task every_operation_has_words_a_tag_and_typed_answers()
    {
        var document = await Get("/openapi/v1.json");
        foreach (var (path, method, operation) in Operations(document))
        {
            var where = $"{method.ToUpperInvariant()} {path}";
            Assert.False(string.IsNullOrEmpty(operation["summary"]?.GetValue<string>()) || operation["summary"]!.GetValue<string>().Contains('_'), $"{where} has no [Api] summary");
            Assert.Single(operation["tags"]!.AsArray());
            Assert.DoesNotContain("IResult", operation.ToJsonString());
            Assert.Contains(operation["responses"]!.AsObject(), r => r.Key.StartsWith('2'));
            if (!path.StartsWith("/health")) Assert.True(operation["responses"]!["429"] is not null, $"{where} does not list 429");
        }
        Assert.Null(document["components"]!["schemas"]!["EnterSelfScore"]!["properties"]!["value"]);
        Assert.Equal("decimal", document["components"]!["schemas"]!["EnterSelfScore"]!["properties"]!["points"]!["format"]!.GetValue<string>());
    }

    [Fact]
    public async Task roles_in_the_document_are_those_of_the_access_table()
    {
        var document = await Get("/openapi/v1.json");
        foreach (var (path, method, operation) in Operations(document))
        {
            var rule = AccessControl.RuleFor(method.ToUpperInvariant(), path);
            Assert.NotNull(rule);
            var security = operation["security"]!.AsArray();
            if (rule!.Roles.Contains(AccessRule.Anonymous)) Assert.Empty(security);
            else Assert.Equal(rule.Roles.Order(), security.Single()![ApiContract.BearerScheme]!.AsArray().Select(r => r!.GetValue<string>()).Order());
        }
    }

    [Fact]
    public async Task the_checker_refuses_a_status_or_a_field_the_document_does_not_list()
    {
        var document = await Get("/openapi/v1.json");
        Assert.NotEmpty(Check(document, "GET", "/api/agencies", 418, "application/json", "[]"));
        Assert.NotEmpty(Check(document, "GET", "/api/agencies", 200, "application/json", """[{"id":"x","code":"x","name":"x","block":"districts","active":true,"mergedInto":null,"secret":1}]"""));
        Assert.NotEmpty(Check(document, "GET", "/api/agencies", 200, "application/json", """[{"id":"x","code":"x","name":"x","block":"districts","active":"yes","mergedInto":null}]"""));
        Assert.NotEmpty(Check(document, "POST", "/api/agencies", 400, "application/problem+json", """{"type":"t","title":"t","status":400,"detail":"d"}"""));
        Assert.Empty(Check(document, "GET", "/api/agencies", 200, "application/json", """[{"id":"x","code":"x","name":"x","block":"districts","active":true,"mergedInto":null}]"""));
    }

    [Fact]
    public async Task real_answers_and_refusals_are_all_listed_in_the_document()
    {
        var document = await Get("/openapi/v1.json");
        var failures = new List<string>();
        var seen = new List<string>();
        async Task Send(string method, string url, string? role, object? body = null, string? raw = null, params (string, string)[] headers)
        {
            using var client = Host.Server.CreateClient();
            var agencies = url.Contains("/scorecards/") ? new[] { url.Split('/')[5].Split('?')[0] } : [];
            if (role is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.For(role, null, agencies));
            using var request = new HttpRequestMessage(new HttpMethod(method), url);
            if (body is not null || raw is not null) request.Content = new StringContent(raw ?? JsonSerializer.Serialize(body, JsonSerializerOptions.Web), Encoding.UTF8, "application/json");
            foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value);
            using var response = await client.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            var status = (int)response.StatusCode;
            seen.Add($"{method} {url} {status}");
            failures.AddRange(Check(document, method, url.Split('?')[0], status, response.Content.Headers.ContentType?.MediaType, text)
                .Select(f => $"{method} {url} → {status}: {f}"));
        }

        await Send("GET", "/api/agencies", null);                                                   // 401
        await Send("GET", "/api/agencies?block=nope", Roles.Auditor);                                // 400
        await Send("POST", "/api/agencies", Roles.AgencyOfficer, new { code = "x", name = "x", block = "districts" }); // 403
        await Send("POST", "/api/agencies", Roles.CriteriaAdmin, new { code = "huu-lung", name = "UBND huyện Hữu Lũng", block = "districts" }); // 201
        await Send("POST", "/api/agencies", Roles.CriteriaAdmin, new { code = "huu-lung", name = "UBND huyện Hữu Lũng", block = "districts" }); // 409
        await Send("POST", "/api/agencies", Roles.CriteriaAdmin, raw: "[]");                          // 400
        await Send("POST", "/api/agencies", Roles.CriteriaAdmin, raw: "{\"name\":\"" + new string('a', RequestGuards.MaxBodyBytes) + "\"}"); // 413
        await Send("POST", "/api/criteria-sets", Roles.CriteriaAdmin, SmallSet());                   // 201
        await Send("GET", "/api/criteria-sets/2017-districts", Roles.Auditor);                       // 200
        await Send("GET", "/api/criteria-sets/nope", Roles.Auditor);                                 // 404
        await Send("POST", "/api/criteria-sets/2017-districts/adoption", Roles.CriteriaAdmin, new { decisionRef = "QĐ số 1/QĐ-UBND" }, headers: ("If-Match", "\"7\"")); // 412
        await Send("POST", "/api/criteria-sets/2017-districts/adoption", Roles.CriteriaAdmin, new { decisionRef = "QĐ số 1/QĐ-UBND" }); // 200
        await Send("GET", "/api/criteria-sets", Roles.Auditor);
        await Send("GET", "/api/criteria-sets/2017-districts/diff", Roles.Auditor);
        var scorecard = "/api/years/2017/scorecards/huu-lung";
        await Send("POST", $"{scorecard}/self-scores", Roles.AgencyOfficer, new { criterion = "1.1", points = 18.5, evidence = Evidence });          // 200
        await Send("POST", $"{scorecard}/self-scores", Roles.AgencyOfficer, new { criterion = "1.1", points = 18.12345, evidence = Evidence });      // 400
        await Send("POST", $"{scorecard}/self-scores", Roles.AgencyOfficer, new { criterion = "9.9", points = 1 });             // 404
        await Send("POST", $"{scorecard}/self-scores", Roles.AgencyOfficer, new { criterion = "1.1", points = 18, evidence = Evidence }, headers: ("Idempotency-Key", "k-1"));
        await Send("POST", $"{scorecard}/self-scores", Roles.AgencyOfficer, new { criterion = "1.1", points = 17, evidence = Evidence }, headers: ("Idempotency-Key", "k-1")); // 422
        await Send("POST", $"{scorecard}/self-scores", Roles.AgencyOfficer, new { criterion = "1.1", points = 17 }, headers: ("Effective-At", "2018-01-01T00:00:00+07:00")); // 403
        await Send("POST", "/api/years/2017/scorecards/van-quan/self-scores", Roles.AgencyOfficer, new { criterion = "1.1", points = 1 }); // 404
        foreach (var (criterion, value) in new[] { ("1.2", (object)new { numerator = 9, denominator = 10 }), ("1.3", new { count = 4 }), ("1.4", new { points = 0 }), ("1.5", new { points = 0 }) })
            await Send("POST", $"{scorecard}/self-scores", Roles.AgencyOfficer, JsonSerializer.SerializeToNode(value, JsonSerializerOptions.Web)!.AsObject()
                .Concat(new JsonObject { ["criterion"] = criterion, ["evidence"] = JsonSerializer.SerializeToNode(Evidence, JsonSerializerOptions.Web) }).ToDictionary(p => p.Key, p => p.Value?.DeepClone()));
        await Send("POST", $"{scorecard}/submission", Roles.AgencyOfficer);                            // 200
        await Send("POST", $"{scorecard}/appraisals", Roles.Appraiser, new { criterion = "1.1", accept = true });
        await Send("POST", $"{scorecard}/survey-scores", Roles.Appraiser, new { criterion = "2.1", points = 35.35 });
        await Send("GET", scorecard, Roles.Auditor);
        await Send("GET", "/api/years/abc/scorecards/huu-lung", Roles.Auditor);                       // 400
        await Send("GET", $"{scorecard}?asOf=2017-06-01T00:00:00Z", Roles.Auditor);
        await Send("GET", $"{scorecard}/derivation", Roles.Auditor);
        await Send("GET", $"{scorecard}/comparison", Roles.Auditor);                                   // 400: with is required
        await Send("GET", $"{scorecard}/proof", Roles.Auditor);
        await Send("GET", $"{scorecard}/evidence", Roles.Auditor);
        await Send("GET", "/api/years/2017/scorecards/van-quan", Roles.AgencyOfficer);                 // 403: another agency
        await Send("GET", "/api/years/2017/rankings", Roles.Auditor);
        await Send("GET", "/api/years/2017/rankings/districts", Roles.Auditor);
        await Send("GET", "/api/years/2017/rankings/nope", Roles.Auditor);                            // 404
        await Send("GET", "/api/years/2017/rankings/districts/milestones", Roles.Auditor);
        await Send("GET", "/api/years/2017/rankings/districts/preliminary", Roles.Auditor);            // 404: none issued
        await Send("POST", "/api/years/2017/rankings/districts/publications", Roles.Appraiser, new { decisionRef = "QĐ số 195/QĐ-UBND" }); // 201
        await Send("GET", "/api/years/2017/rankings/districts/publications", null);
        await Send("GET", "/api/years/2017/rankings/districts/publications/1", null);
        await Send("GET", "/api/years/2017/rankings/districts/publications/9", null);                   // 404
        await Send("GET", "/api/years/2017/rankings/districts/publications/1/regeneration", null);
        await Send("GET", "/api/years/2017/appeals", Roles.Auditor);
        await Send("GET", "/api/appeals/2017-huu-lung-9", Roles.Auditor);                            // 404
        await Send("POST", "/api/tokens/not-a-token/revocation", Roles.Administrator, new { reason = "thử" });
        await Send("GET", "/api/tokens/revocations", Roles.Auditor);
        await Send("GET", "/api/integrity/public-key", null);
        await Send("GET", "/api/integrity/verification", Roles.Auditor);
        await Send("GET", "/health", null);
        await Send("GET", "/health/live", null);

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        // The scenario met the statuses it was written for: it is not checking only happy answers.
        var statuses = seen.Select(s => s.Split(' ')[^1]).ToHashSet();
        Assert.True(new[] { "200", "201", "400", "401", "403", "404", "409", "412", "413", "422" }.All(statuses.Contains), string.Join("\n", seen));
    }

    private static IEnumerable<(string Path, string Method, JsonNode Operation)> Operations(JsonNode document) =>
        document["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject().Where(m => m.Key is "get" or "post" or "put" or "delete" or "patch").Select(m => (p.Key, m.Key, m.Value!)));

    /// <summary>What in one answer the document does not list: an empty list when it lists all of it.</summary>
    internal static List<string> Check(JsonNode document, string method, string path, int status, string? contentType, string body)
    {
        var operation = Operations(document).FirstOrDefault(o => o.Method == method.ToLowerInvariant()
            && Regex.IsMatch(path, "^" + Regex.Replace(Regex.Escape(o.Path), @"\\\{[^}]+}", "[^/]+") + "$")).Operation;
        if (operation is null) return [$"no operation {method} {path} in the document"];
        if (operation["responses"]![status.ToString()] is not { } response) return [$"status {status} is not among {string.Join(", ", operation["responses"]!.AsObject().Select(r => r.Key))}"];
        if (body.Length == 0) return response["content"] is null || status == 304 ? [] : ["the answer has no body, the document describes one"];
        if (response["content"] is not JsonObject content) return ["the answer has a body, the document describes none"];
        if (contentType is null || content[contentType] is not { } media)
            return [$"content type {contentType} is not among {string.Join(", ", content.Select(c => c.Key))}"];
        if (!contentType.Contains("json")) return [];
        var errors = new List<string>();
        Validate(document, media["schema"], JsonNode.Parse(body), "$", errors);
        return errors;
    }

    private static void Validate(JsonNode document, JsonNode? schema, JsonNode? value, string at, List<string> errors)
    {
        if (schema is null) return;
        if (schema["$ref"]?.GetValue<string>() is { } reference)
        {
            Validate(document, document["components"]!["schemas"]![reference.Split('/')[^1]], value, at, errors);
            return;
        }
        if ((schema["oneOf"] ?? schema["anyOf"]) is { } choices)
        {
            var options = choices.AsArray().Select(c => { var e = new List<string>(); Validate(document, c, value, at, e); return e; }).ToList();
            if (options.All(o => o.Count > 0)) errors.Add($"{at}: matches none of the schemas ({string.Join(" | ", options.Select(o => o.First()))})");
            return;
        }
        var types = schema["type"] switch
        {
            JsonArray a => a.Select(t => t!.GetValue<string>()).ToHashSet(),
            JsonValue v => [v.GetValue<string>()],
            _ => null,
        };
        var kind = value switch
        {
            null => "null",
            JsonObject => "object",
            JsonArray => "array",
            _ => value.GetValueKind() switch
            {
                JsonValueKind.String => "string",
                JsonValueKind.Number => "number",
                JsonValueKind.True or JsonValueKind.False => "boolean",
                _ => "null",
            },
        };
        if (types is not null && !types.Contains(kind) && !(kind == "number" && types.Contains("integer")))
        {
            errors.Add($"{at}: {kind}, the document says {string.Join(" or ", types)}");
            return;
        }
        if (schema["enum"] is JsonArray allowed && value is not null && !allowed.Any(a => JsonNode.DeepEquals(a, value)))
            errors.Add($"{at}: {value.ToJsonString()} is not among {allowed.ToJsonString()}");
        switch (value)
        {
            case JsonObject obj:
                var properties = schema["properties"] as JsonObject;
                foreach (var required in schema["required"]?.AsArray() ?? [])
                    if (!obj.ContainsKey(required!.GetValue<string>())) errors.Add($"{at}.{required}: required, and missing");
                foreach (var (name, member) in obj)
                {
                    if (properties?[name] is { } property) Validate(document, property, member, $"{at}.{name}", errors);
                    else if (schema["additionalProperties"] is JsonObject extra) Validate(document, extra, member, $"{at}.{name}", errors);
                    else if (properties is not null && schema["additionalProperties"] is null) errors.Add($"{at}.{name}: not in the document");
                }
                break;
            case JsonArray array:
                var i = 0;
                foreach (var item in array) Validate(document, schema["items"], item, $"{at}[{i++}]", errors);
                break;
        }
    }
}
