namespace CchcLedger.Api.Tests;

/// <summary>A client that retries after a lost answer, or sends twice at once, writes once: the Idempotency-Key.</summary>
public sealed class IdempotencyTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    private const string Adjustments = "/api/years/2017/scorecards/huu-lung/adjustments";
    private static readonly object Adjustment = new { criterion = "1.1", points = 10, reason = "Bổ sung tài liệu", decisionRef = "VB 215/SNV-CCHC" };

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await TwoDistrictsSelfAssessed();
    }

    [Fact]
    public async Task the_same_key_and_body_replays_the_first_answer_and_writes_nothing()
    {
        var key = Guid.NewGuid().ToString();
        var (status, first, _) = await PostWith(Adjustments, Adjustment, ("Idempotency-Key", key));
        Assert.Equal(200, status);
        var afterFirst = await EventCount();

        var (again, replayed, response) = await PostWith(Adjustments, Adjustment, ("Idempotency-Key", key));
        Assert.Equal(200, again);
        Assert.Equal("true", response.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(first!.ToJsonString(), replayed!.ToJsonString());
        Assert.Equal(afterFirst, await EventCount());
        Assert.NotNull(response.Headers.ETag);
    }

    [Fact]
    public async Task the_same_key_with_another_body_is_refused_and_writes_nothing()
    {
        var key = Guid.NewGuid().ToString();
        await PostWith(Adjustments, Adjustment, ("Idempotency-Key", key));
        var before = await EventCount();
        var (status, problem, _) = await PostWith(Adjustments, new { criterion = "1.1", points = 12, reason = "Khác", decisionRef = "VB 216" }, ("Idempotency-Key", key));
        Assert.Equal(422, status);
        AssertProblemNames(problem, "Idempotency-Key");
        Assert.Equal(before, await EventCount());
    }

    [Fact]
    public async Task a_refused_request_keeps_no_key_and_can_be_sent_again_corrected()
    {
        var key = Guid.NewGuid().ToString();
        var (refused, _, _) = await PostWith(Adjustments, new { criterion = "1.1", points = 10, reason = "Thiếu số văn bản" }, ("Idempotency-Key", key));
        Assert.Equal(400, refused);
        var (status, _, response) = await PostWith(Adjustments, new { criterion = "1.1", points = 10, reason = "Thiếu số văn bản" }, ("Idempotency-Key", key));
        Assert.Equal(400, status);
        Assert.False(response.Headers.Contains("Idempotent-Replayed"));
    }

    [Fact]
    public async Task ten_concurrent_requests_with_one_key_write_once()
    {
        var key = Guid.NewGuid().ToString();
        var before = await EventCount();
        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => PostWith(Adjustments, Adjustment, ("Idempotency-Key", key))));
        Assert.All(answers, a => Assert.Equal(200, a.Status));
        Assert.Equal(9, answers.Count(a => a.Response.Headers.Contains("Idempotent-Replayed")));
        Assert.Equal(before + 1, await EventCount());
    }

    [Fact]
    public async Task pooled_connections_come_back_without_the_keys_locks_or_their_wait_bound()
    {
        // Pooled connections are not reset when returned (LedgerDatabase.WithTimeouts): the key's lock and its bound on
        // the wait must be given back by the request itself, or the next user of the connection would inherit them.
        var key = Guid.NewGuid().ToString();
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => PostWith(Adjustments, Adjustment, ("Idempotency-Key", key))));
        await Task.WhenAll(Enumerable.Range(0, 8).Select(i => PostWith(Adjustments, Adjustment, ("Idempotency-Key", $"{key}-{i}"))));

        var connection = Store.Options.Tenancy.Default.Database.CreateConnection().ConnectionString;
        var settings = await Task.WhenAll(Enumerable.Range(0, 12).Select(async _ =>
        {
            await using var conn = new Npgsql.NpgsqlConnection(connection);
            await conn.OpenAsync();
            await using var show = new Npgsql.NpgsqlCommand("select current_setting('lock_timeout'), (select count(*) from pg_locks where locktype = 'advisory' and pid = pg_backend_pid()); select pg_sleep(0.05)", conn);
            await using var reader = await show.ExecuteReaderAsync();
            await reader.ReadAsync();
            return (Timeout: reader.GetString(0), Locks: reader.GetInt64(1));
        }));
        Assert.All(settings, s => Assert.Equal(("0", 0L), s));
    }

    [Fact]
    public async Task five_concurrent_publications_with_one_key_make_one_publication()
    {
        var key = Guid.NewGuid().ToString();
        const string url = "/api/years/2017/rankings/districts/publications";
        var answers = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => PostWith(url, new { decisionRef = "QĐ 345/QĐ-UBND" }, ("Idempotency-Key", key))));
        Assert.All(answers, a => Assert.Equal(201, a.Status));
        Assert.All(answers, a => Assert.Equal(1, a.Body!["number"]!.GetValue<int>()));
        Assert.All(answers, a => Assert.Equal("/api/years/2017/rankings/districts/publications/1", a.Response.Headers.Location!.OriginalString));
        Assert.Single((await Get(url)).AsArray());
    }

    [Fact]
    public async Task cchc_publish_run_twice_with_one_key_publishes_once()
    {
        var key = Guid.NewGuid().ToString();
        string[] publish = ["publish", "--year", "2017", "--block", "districts", "--decision", "QĐ 345/QĐ-UBND", "--by", "Trần Thị Bình", "--idempotency-key", key];
        var (first, output) = await CchcOnLedger(publish);
        Assert.True(first == 0, output);
        var (again, replayed) = await CchcOnLedger(publish);
        Assert.True(again == 0, replayed);
        Assert.Equal(output, replayed);
        Assert.Single((await Get("/api/years/2017/rankings/districts/publications")).AsArray());
        Assert.Equal(2, (await CchcOnLedger(publish.Select(a => a == "QĐ 345/QĐ-UBND" ? "QĐ 346/QĐ-UBND" : a).ToArray())).Exit);
    }

    [Fact]
    public async Task keys_belong_to_their_caller()
    {
        var key = Guid.NewGuid().ToString();
        await PostWith(Adjustments, Adjustment, ("Idempotency-Key", key));
        var before = await EventCount();
        // Another person with the same key is another request: it is carried out.
        using var client = Host.Server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", TestTokens.For(Hosting.Roles.Appraiser, "Lê Văn Cường"));
        client.DefaultRequestHeaders.Add("Idempotency-Key", key);
        var response = await client.PostAsync(Adjustments, new StringContent(System.Text.Json.JsonSerializer.Serialize(Adjustment), System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(before + 1, await EventCount());
    }

    [Theory]
    [InlineData("khóa có dấu")]
    [InlineData("a b")]
    [InlineData(null)]
    public async Task a_malformed_key_is_a_400_naming_the_header(string? key)
    {
        key ??= new string('k', 201);
        var before = await EventCount();
        var (status, problem, _) = await PostWith(Adjustments, Adjustment, ("Idempotency-Key", key));
        Assert.Equal(400, status);
        AssertProblemNames(problem, "Idempotency-Key");
        Assert.Equal(before, await EventCount());
    }
}
