using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Alba;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace CchcLedger.Api.Tests;

/// <summary>Base of the integration tests: a clean ledger before each test, and helpers that speak the domain.</summary>
[Collection(LedgerCollection.Name)]
public abstract class LedgerTest(LedgerFixture fixture) : IAsyncLifetime
{
    protected ShiftedClock Clock => fixture.Clock;
    protected IAlbaHost Host => fixture.Host;
    protected IDocumentStore Store => fixture.Store;
    /// <summary>The test database as the role that owns it: what tampering (and only a test) uses.</summary>
    protected string OwnerConnection => fixture.OwnerStore.Options.Tenancy.Default.Database.CreateConnection().ConnectionString;

    /// <summary>A clean ledger: Marten's data, the seals of the events it removed, the evidence, the account secrets and the witness file (only a test ever removes them).</summary>
    public virtual async Task InitializeAsync()
    {
        await EmptyLedger();
        await StandardBlocksDefined();
    }

    /// <summary>Not a single event: for the tests that need the first sequence number.</summary>
    protected async Task EmptyLedger()
    {
        await fixture.OwnerStore.Advanced.ResetAllData();
        await using var conn = new Npgsql.NpgsqlConnection(fixture.OwnerStore.Options.Tenancy.Default.Database.CreateConnection().ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new Npgsql.NpgsqlCommand("truncate cchc.event_chain, cchc.event_macs, cchc.merkle_nodes, cchc.backdated_events, cchc.evidence_uploads, cchc.evidence_blobs, cchc.evidence_chunks, cchc.account_secrets", conn);
        await cmd.ExecuteNonQueryAsync();
        var witness = Host.Services.GetRequiredService<CchcLedger.Api.Hosting.CheckpointSigner>().WitnessFile;
        if (File.Exists(witness)) File.Delete(witness);
    }

    /// <summary>Blocks are data: every test starts with the demo's four defined, as a province's ledger would have its own.</summary>
    protected async Task StandardBlocksDefined()
    {
        foreach (var (code, name) in StandardBlocks) await Post("/api/blocks", new { code, name }, 201);
    }

    public static readonly (string Code, string Name)[] StandardBlocks =
        [("departments", "Khối sở, ban, ngành"), ("districts", "Khối UBND cấp huyện"), ("communes", "Khối UBND cấp xã"), ("special-units", "Khối đơn vị đặc thù")];
    public virtual Task DisposeAsync() => Task.CompletedTask;

    protected async Task<long> EventCount()
    {
        await using var session = Store.QuerySession();
        return await session.Events.QueryAllRawEvents().CountAsync();
    }

    /// <summary>Sends JSON and checks the status; the answer as a JSON tree.</summary>
    protected async Task<JsonNode> Post(string url, object? body, int status = 200, string? actor = null)
    {
        var result = await Host.Scenario(s =>
        {
            if (body is null) s.Post.Url(url); else s.Post.Json(body).ToUrl(url);
            s.WithBearerToken(TestTokens.ForRequest("POST", url, actor));
            s.StatusCodeShouldBe(status);
        });
        return JsonNode.Parse(await result.ReadAsTextAsync() is { Length: > 0 } text ? text : "null")!;
    }

    protected async Task<JsonNode> Get(string url, int status = 200)
    {
        var result = await Host.Scenario(s =>
        {
            s.Get.Url(url);
            s.WithBearerToken(TestTokens.ForRequest("GET", url));
            s.StatusCodeShouldBe(status);
        });
        return JsonNode.Parse(await result.ReadAsTextAsync())!;
    }

    /// <summary>Raw bytes, for bodies that are not valid JSON or not valid UTF-8.</summary>
    protected async Task<(int Status, JsonNode? Body)> PostRaw(string url, byte[] body, string contentType = "application/json")
    {
        using var client = Host.Server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.ForRequest("POST", url));
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        using var response = await client.PostAsync(url, content);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length > 0 ? JsonNode.Parse(text) : null);
    }

    protected Task<(int Status, JsonNode? Body)> PostRaw(string url, string body) => PostRaw(url, Encoding.UTF8.GetBytes(body));

    /// <summary>A POST with headers of the caller's choosing (Idempotency-Key, If-Match), sent as whoever would send it.</summary>
    protected async Task<(int Status, JsonNode? Body, HttpResponseMessage Response)> PostWith(string url, object? body, params (string Name, string Value)[] headers)
    {
        using var client = Host.Server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.ForRequest("POST", url));
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(body is null ? "" : JsonSerializer.Serialize(body, JsonSerializerOptions.Web), Encoding.UTF8, "application/json"),
        };
        foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value);
        var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length > 0 ? JsonNode.Parse(text) : null, response);
    }

    /// <summary>A GET's answer with its headers.</summary>
    protected async Task<HttpResponseMessage> GetResponse(string url)
    {
        using var client = Host.Server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.ForRequest("GET", url));
        return await client.GetAsync(url);
    }

    /// <summary>The request was refused with problem details naming <paramref name="field"/>, and nothing was written.</summary>
    protected async Task Refused(Func<Task<JsonNode>> request, string field, long eventsBefore)
    {
        var problem = await request();
        AssertProblemNames(problem, field);
        Assert.Equal(eventsBefore, await EventCount());
    }

    protected static void AssertProblemNames(JsonNode? problem, string field)
    {
        Assert.NotNull(problem);
        Assert.NotNull(problem["title"]);
        Assert.NotNull(problem["status"]);
        var errors = problem["errors"]?.AsObject();
        Assert.True(errors is not null && errors.ContainsKey(field),
            $"expected the problem to name '{field}', got: {problem.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping })}");
        Assert.False(string.IsNullOrWhiteSpace(errors![field]![0]!.GetValue<string>()));
    }

    // ---- the domain, spoken ----

    /// <summary>A request sent as whoever would send it (see <see cref="TestTokens.ForRequest"/>).</summary>
    protected static void Authorized(Scenario s, string method, string url) => s.WithBearerToken(TestTokens.ForRequest(method, url));

    protected Task<JsonNode> AgencyRegistered(string code, string name, string block = "districts") =>
        Post("/api/agencies", new { code, name, block }, 201);

    /// <summary>A small set: area 1 (max 60) with a scale, a ratio, count bands, bonus and penalty; area 2 (max 40) survey.</summary>
    internal static object SmallSet(string id = "2017-districts", int year = 2017, string block = "districts") => new
    {
        id, year, block,
        title = "Bộ chỉ số CCHC năm 2017 (thử nghiệm)",
        areas = new object[]
        {
            new
            {
                code = "1", title = "Công tác chỉ đạo, điều hành", max = 60,
                children = new object[]
                {
                    new { code = "1.1", title = "Ban hành kế hoạch CCHC", max = 20, method = "scale", step = 0.5 },
                    new { code = "1.2", title = "Tỷ lệ hoàn thành kế hoạch", max = 20, method = "ratio" },
                    new { code = "1.3", title = "Số báo cáo đúng hạn", max = 20, method = "bands", basis = "count", bands = new[] { new { min = 4, points = 20 }, new { min = 2, points = 10 }, new { min = 0, points = 0 } } },
                    new { code = "1.4", title = "Điểm thưởng", max = 5, method = "bonus" },
                    new { code = "1.5", title = "Điểm trừ", max = 2, method = "penalty" },
                },
            },
            new { code = "2", title = "Điều tra xã hội học", max = 40, children = new object[] { new { code = "2.1", title = "Mức độ hài lòng", max = 40, method = "survey" } } },
        },
        classBands = new[] { new { label = "Tốt", min = 80 }, new { label = "Khá", min = 65 }, new { label = "Trung bình", min = 50 }, new { label = "Yếu", min = 0 } },
        rounding = new { decimals = 2, mode = "halfUp" },
        tieRule = new { kind = "shared" },
    };

    protected async Task SmallSetAdopted(string id = "2017-districts", int year = 2017, string block = "districts")
    {
        await Post("/api/criteria-sets", SmallSet(id, year, block), 201);
        await Post($"/api/criteria-sets/{id}/adoption", new { decisionRef = $"QĐ số {year}/QĐ-UBND" });
    }

    protected static object Evidence => new[] { new { title = "Kế hoạch CCHC", documentRef = "KH-01/2017" } };

    /// <summary>Self-scores every non-survey leaf of the small set and submits.</summary>
    protected async Task SelfAssessed(string agency, decimal scale = 18, int numerator = 9, int reports = 4, decimal bonus = 0, decimal penalty = 0, int year = 2017)
    {
        var url = $"/api/years/{year}/scorecards/{agency}";
        await Post($"{url}/self-scores", new { criterion = "1.1", points = scale, evidence = Evidence });
        await Post($"{url}/self-scores", new { criterion = "1.2", numerator, denominator = 10, evidence = Evidence });
        await Post($"{url}/self-scores", new { criterion = "1.3", count = reports, evidence = Evidence });
        await Post($"{url}/self-scores", new { criterion = "1.4", points = bonus, explanation = "Không có khen thưởng" });
        await Post($"{url}/self-scores", new { criterion = "1.5", points = penalty, explanation = "Không vi phạm" });
        await Post($"{url}/submission", null);
    }

    /// <summary>Huyện Hữu Lũng and Văn Quan, each self-assessed under the small set.</summary>
    protected async Task TwoDistrictsSelfAssessed()
    {
        await SmallSetAdopted();
        await AgencyRegistered("huu-lung", "UBND huyện Hữu Lũng");
        await AgencyRegistered("van-quan", "UBND huyện Văn Quan");
        await SelfAssessed("huu-lung");
        await SelfAssessed("van-quan", scale: 15);
    }

    /// <summary>Runs a <c>cchc</c> command in-process: its exit code and what it printed.</summary>
    protected static async Task<(int Exit, string Output)> Cchc(params string[] args)
    {
        var (output, errors) = (new StringWriter(), new StringWriter());
        var (original, originalError) = (Console.Out, Console.Error);
        Console.SetOut(output);
        Console.SetError(errors);
        try
        {
            var exit = await Cli.Cli.Root().Parse(args).InvokeAsync();
            // What went to standard error is shown only when the command failed, for the failing test to say why.
            return (exit, exit == 0 ? output.ToString() : output + errors.ToString());
        }
        finally
        {
            Console.SetOut(original);
            Console.SetError(originalError);
        }
    }

    /// <summary>A <c>cchc</c> command on the test cluster's main database, as its owner.</summary>
    protected static async Task<(int Exit, string Output)> CchcOnLedger(params string[] args) =>
        await Cchc([.. args, "--connection", await TestDatabase.ConnectionStringAsync()]);

    protected static decimal Dec(JsonNode? node) => node!.GetValue<decimal>();

    /// <summary>An instant as a query value.</summary>
    protected static string Iso(DateTimeOffset t) => Uri.EscapeDataString(t.ToString("O"));

    /// <summary>An instant after everything written so far, and before anything written next.</summary>
    protected static async Task<DateTimeOffset> Now()
    {
        await Task.Delay(3);
        var t = DateTimeOffset.UtcNow;
        await Task.Delay(3);
        return t;
    }
}
