using System.Text.Json.Nodes;
using Alba;
using CchcLedger.Api.Accounts;
using CchcLedger.Api.Hosting;
using Marten;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CchcLedger.Api.Tests;

/// <summary>Accounts and their rights are events; passwords live beside the ledger, never in it.</summary>
public sealed class AccountTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    private const string Admin = "Quản trị viên Nguyễn Thị Mai";

    private async Task<JsonNode> AsAdmin(string url, object? body, int status = 200, params (string Name, string Value)[] headers)
    {
        using var client = Host.Server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", TestTokens.For(Roles.Administrator, Admin));
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(System.Text.Json.JsonSerializer.Serialize(body, System.Text.Json.JsonSerializerOptions.Web), System.Text.Encoding.UTF8, "application/json"),
        };
        foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value);
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == (int)response.StatusCode, $"{url}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text.Length == 0 ? "null" : text)!;
    }

    private async Task<string> OfficerCreated(string login = "nguyenvanan")
    {
        await AgencyRegistered("huu-lung", "UBND huyện Hữu Lũng");
        var created = await AsAdmin("/api/accounts", new { login, name = "Nguyễn Văn An", email = "an@huulung.langson.gov.vn" }, 201);
        await AsAdmin($"/api/accounts/{login}/grants", new { role = "agency-officer", agencies = new[] { "huu-lung" }, reason = "Phân công đầu mối CCHC", decisionRef = "QĐ 12/QĐ-UBND" });
        return created["oneTimePassword"]!.GetValue<string>();
    }

    private async Task<(string? Hash, bool MustChange)> Secret(string login)
    {
        await using var conn = new NpgsqlConnection(OwnerConnection);
        await conn.OpenAsync();
        var secret = await Projections.AccountSecrets.ReadAsync(conn, login);
        return (secret?.PasswordHash, secret?.MustChange ?? false);
    }

    [Fact]
    public async Task an_administrator_opens_an_account_and_grants_a_role_and_the_events_say_who_gave_which_right_on_which_decision_but_hold_no_secret()
    {
        var oneTime = await OfficerCreated();
        Assert.Matches("^[a-zA-Z2-9]{4}-[a-zA-Z2-9]{4}-[a-zA-Z2-9]{4}-[a-zA-Z2-9]{4}$", oneTime);

        var detail = await Get("/api/accounts/nguyenvanan");
        var account = detail["account"]!;
        Assert.Equal("Nguyễn Văn An", account["name"]!.GetValue<string>());
        var grant = account["grants"]!.AsArray().Single()!;
        Assert.Equal(("agency-officer", "huu-lung", "QĐ 12/QĐ-UBND"), (grant["role"]!.GetValue<string>(), grant["agencies"]![0]!.GetValue<string>(), grant["decisionRef"]!.GetValue<string>()));
        var history = detail["history"]!.AsArray();
        Assert.Equal(["account_created", "role_granted"], history.Select(h => h!["type"]!.GetValue<string>()));
        Assert.All(history, h => Assert.Equal((Admin, "administrator"), (h!["recordedBy"]!.GetValue<string>(), h["recordedByRole"]!.GetValue<string>())));

        // The password is a hash beside the ledger, to be changed at the first sign-in; neither it nor its hash is in any event.
        var (hash, mustChange) = await Secret("nguyenvanan");
        Assert.True(mustChange);
        Assert.NotNull(hash);
        Assert.NotEqual(Microsoft.AspNetCore.Identity.PasswordVerificationResult.Failed, new AccountPasswords().Verify(hash!, oneTime));
        await using var conn = new NpgsqlConnection(OwnerConnection);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("select count(*) from cchc.mt_events where data::text like @otp or data::text like @hash or headers::text like @otp", conn);
        cmd.Parameters.AddWithValue("otp", $"%{oneTime}%");
        cmd.Parameters.AddWithValue("hash", $"%{hash![..20]}%");
        Assert.Equal(0L, (long)(await cmd.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task every_refusal_names_its_field_and_writes_nothing()
    {
        await OfficerCreated();
        await AgencyRegistered("van-quan", "UBND huyện Văn Quan");
        await Post("/api/agencies/van-quan/dissolution", new { reason = "Sáp nhập", decisionRef = "NQ 1" });
        var before = await EventCount();
        async Task Refusal(string url, object body, int status, string field)
        {
            AssertProblemNames(await AsAdmin(url, body, status), field);
            Assert.Equal(before, await EventCount());
        }
        await Refusal("/api/accounts", new { login = "Ab", name = "Hai" }, 400, "login");
        await Refusal("/api/accounts", new { login = "nguyen van an", name = "Hai" }, 400, "login");
        await Refusal("/api/accounts", new { login = "lethihai", name = "   " }, 400, "name");
        await Refusal("/api/accounts", new { login = "lethihai", name = "Lê Thị Hải", email = "không-phải-thư" }, 400, "email");
        await Refusal("/api/accounts", new { login = "NguyenVanAn", name = "Trùng" }, 409, "login");
        const string grants = "/api/accounts/nguyenvanan/grants";
        await Refusal(grants, new { role = "superuser", reason = "x", decisionRef = "y" }, 400, "role");
        await Refusal(grants, new { role = "agency-officer", agencies = Array.Empty<string>(), reason = "x", decisionRef = "y" }, 400, "agencies");
        await Refusal(grants, new { role = "agency-officer", agencies = new[] { "khong-co" }, reason = "x", decisionRef = "y" }, 400, "agencies[0]");
        await Refusal(grants, new { role = "agency-officer", agencies = new[] { "huu-lung", "van-quan" }, reason = "x", decisionRef = "y" }, 400, "agencies[1]");
        await Refusal(grants, new { role = "appraiser", agencies = new[] { "huu-lung" }, reason = "x", decisionRef = "y" }, 400, "agencies");
        await Refusal(grants, new { role = "appraiser", reason = "Phân công" }, 400, "decisionRef");
        await Refusal(grants, new { role = "agency-officer", agencies = new[] { "huu-lung" }, reason = "Lại", decisionRef = "QĐ 13" }, 409, "role");
        await Refusal("/api/accounts/khong-ai/grants", new { role = "auditor", reason = "x", decisionRef = "y" }, 404, "login");
        await Refusal("/api/accounts/nguyenvanan/grants/appraiser/revocation", new { reason = "Không có" }, 409, "role");
        await Refusal("/api/accounts/nguyenvanan/grants/agency-officer/revocation", new { }, 400, "reason");
        await Refusal("/api/accounts/nguyenvanan/enabling", new { reason = "Mở" }, 409, "login");
        await Refusal("/api/accounts/nguyenvanan/password-reset", new { }, 400, "reason");
    }

    [Fact]
    public async Task who_could_act_for_an_agency_is_answered_at_any_past_instant_on_both_time_axes()
    {
        await OfficerCreated();
        var granted = await Now();
        await AsAdmin("/api/accounts/nguyenvanan/grants/agency-officer/revocation", new { reason = "Chuyển công tác", decisionRef = "QĐ 20/QĐ-UBND" });
        var revoked = await Now();
        // A right given today by a decision of 1 March takes effect then: in force on 2 March, recorded only now.
        await AsAdmin("/api/accounts", new { login = "tranthibinh", name = "Trần Thị Bình" }, 201, ("Effective-At", "2017-02-28T08:00:00+07:00"));
        await AsAdmin("/api/accounts/tranthibinh/grants", new { role = "agency-officer", agencies = new[] { "huu-lung" }, reason = "Bổ sung", decisionRef = "QĐ 5/QĐ-UBND" }, 200,
            ("Effective-At", "2017-03-01T08:00:00+07:00"));

        async Task<string[]> Officers(string query) =>
            (await Get($"/api/accounts?role=agency-officer&agency=huu-lung{query}")).AsArray().Select(a => a!["login"]!.GetValue<string>()).ToArray();
        Assert.Equal(["tranthibinh"], await Officers(""));
        Assert.Equal(["nguyenvanan"], await Officers($"&asOf={Iso(granted)}"));
        Assert.Empty(await Officers($"&asOf={Iso(revoked)}"));
        Assert.Empty(await Officers("&asOf=2017-03-02T00:00:00Z"));
        Assert.Equal(["tranthibinh"], await Officers("&asOf=2017-03-02T00:00:00Z&axis=effective"));

        var then = await Get($"/api/accounts/nguyenvanan?asOf={Iso(granted)}");
        Assert.Equal("agency-officer", then["account"]!["grants"]![0]!["role"]!.GetValue<string>());
        Assert.Equal(2, then["history"]!.AsArray().Count);
        Assert.Empty((await Get("/api/accounts/nguyenvanan"))["account"]!["grants"]!.AsArray());
        AssertProblemNames(await Get("/api/accounts/tranthibinh?asOf=2016-01-01T00:00:00Z", 404), "asOf");
    }

    [Fact]
    public async Task a_reset_gives_a_new_one_time_password_once_and_a_retry_under_the_same_key_does_not_show_it_again()
    {
        var first = await OfficerCreated();
        var key = Guid.NewGuid().ToString();
        var reset = await AsAdmin("/api/accounts/nguyenvanan/password-reset", new { reason = "Quên mật khẩu" }, 200, ("Idempotency-Key", key));
        var second = reset["oneTimePassword"]!.GetValue<string>();
        Assert.NotEqual(first, second);
        var (hash, mustChange) = await Secret("nguyenvanan");
        Assert.True(mustChange);
        Assert.Equal(Microsoft.AspNetCore.Identity.PasswordVerificationResult.Failed, new AccountPasswords().Verify(hash!, first));

        var before = await EventCount();
        var retry = await AsAdmin("/api/accounts/nguyenvanan/password-reset", new { reason = "Quên mật khẩu" }, 409, ("Idempotency-Key", key));
        Assert.DoesNotContain(second, retry.ToJsonString());
        Assert.Equal(before, await EventCount());
        Assert.Equal((hash, true), await Secret("nguyenvanan"));
    }

    [Fact]
    public async Task repeated_failures_lock_the_account_and_are_logged_not_recorded_as_events()
    {
        var oneTime = await OfficerCreated();
        var signIn = Host.Services.GetRequiredService<AccountSignIn>();
        var before = await EventCount();
        for (var i = 0; i < 4; i++) Assert.Equal(SignInOutcome.WrongCredentials, (await signIn.CheckAsync("nguyenvanan", "sai-mat-khau", null, null, "test")).Outcome);
        var locked = await signIn.CheckAsync("nguyenvanan", "sai-mat-khau", null, null, "test");
        Assert.Equal(SignInOutcome.LockedOut, locked.Outcome);
        // Locked, the right password is not even checked.
        Assert.Equal(SignInOutcome.LockedOut, (await signIn.CheckAsync("nguyenvanan", oneTime, null, null, "test")).Outcome);
        Assert.Equal(before, await EventCount());
        // An unknown login is answered as a wrong password, and never locks.
        for (var i = 0; i < 6; i++) Assert.Equal(SignInOutcome.WrongCredentials, (await signIn.CheckAsync("khong-ai", "x", null, null, "test")).Outcome);

        Clock.Advance(TimeSpan.FromMinutes(16));
        Assert.Equal(SignInOutcome.MustChange, (await signIn.CheckAsync("NguyenVanAn", oneTime, null, null, "test")).Outcome);
        var changed = await signIn.CheckAsync("nguyenvanan", oneTime, "Mật khẩu mới của An 2017", "Mật khẩu mới của An 2017", "test");
        Assert.Equal(SignInOutcome.SignedIn, changed.Outcome);
        // The password typed in decomposed form (NFD) is the same password.
        Assert.Equal(SignInOutcome.SignedIn, (await signIn.CheckAsync("nguyenvanan", "Mật khẩu mới của An 2017".Normalize(System.Text.NormalizationForm.FormD), null, null, "test")).Outcome);
        await using var session = Store.QuerySession();
        var last = (await session.Events.FetchStreamAsync("account-nguyenvanan"))[^1];
        Assert.Equal(("password_changed", "Nguyễn Văn An", "account-holder", "nguyenvanan"),
            (last.EventTypeName, last.UserName, last.Headers!["actorRole"].ToString(), last.Headers["accountId"].ToString()));
    }

    [Fact]
    public async Task a_disabled_account_or_one_without_rights_does_not_sign_in()
    {
        var oneTime = await OfficerCreated();
        var signIn = Host.Services.GetRequiredService<AccountSignIn>();
        await signIn.CheckAsync("nguyenvanan", oneTime, "Mật khẩu mới của An 2017", "Mật khẩu mới của An 2017", "test");
        await AsAdmin("/api/accounts/nguyenvanan/disabling", new { reason = "Nghỉ hưu", decisionRef = "QĐ 30" });
        Assert.Equal(SignInOutcome.Disabled, (await signIn.CheckAsync("nguyenvanan", "Mật khẩu mới của An 2017", null, null, "test")).Outcome);
        await AsAdmin("/api/accounts/nguyenvanan/enabling", new { reason = "Tiếp tục công tác" });
        await AsAdmin("/api/accounts/nguyenvanan/grants/agency-officer/revocation", new { reason = "Thôi phân công" });
        Assert.Equal(SignInOutcome.NoRights, (await signIn.CheckAsync("nguyenvanan", "Mật khẩu mới của An 2017", null, null, "test")).Outcome);
        Assert.Equal(SignInOutcome.WrongCredentials, (await signIn.CheckAsync("nguyenvanan", "sai", null, null, "test")).Outcome);
    }

    [Fact]
    public async Task an_account_document_changed_behind_the_ledgers_back_is_found_by_verification()
    {
        await OfficerCreated();
        await using (var conn = new NpgsqlConnection(Host.Services.GetRequiredService<LedgerDatabase>().ConnectionString))
        {
            await conn.OpenAsync();
            // The application role keeps the documents, so it could grant a right without an event: verification finds it.
            await using var cmd = new NpgsqlCommand(
                "update cchc.mt_doc_account set data = jsonb_set(data, '{grants,0,role}', '\"administrator\"') where id = 'account-nguyenvanan'", conn);
            Assert.Equal(1, await cmd.ExecuteNonQueryAsync());
        }
        var report = await Get("/api/integrity/verification");
        Assert.False(report["ok"]!.GetValue<bool>());
        Assert.Equal(("projection", "account-nguyenvanan"), (report["firstFailure"]!["kind"]!.GetValue<string>(), report["firstFailure"]!["stream"]!.GetValue<string>()));
        Assert.Contains("grants[0].role", report["firstFailure"]!["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task cchc_account_create_admin_makes_the_first_administrator_with_a_one_time_password_printed_once()
    {
        var (exit, output) = await CchcOnLedger("account", "create-admin", "--login", "quantri.tinh", "--name", "Đỗ Văn Hùng", "--decision", "QĐ 1/QĐ-SNV");
        Assert.Equal(0, exit);
        var oneTime = output.Trim().Split('\n')[^1].Trim();
        Assert.Matches("^[a-zA-Z2-9]{4}(-[a-zA-Z2-9]{4}){3}$", oneTime);
        var detail = await Get("/api/accounts/quantri.tinh");
        Assert.Equal(("administrator", "QĐ 1/QĐ-SNV"), (detail["account"]!["grants"]![0]!["role"]!.GetValue<string>(), detail["account"]!["grants"]![0]!["decisionRef"]!.GetValue<string>()));
        Assert.Equal(["account_created", "role_granted"], detail["history"]!.AsArray().Select(h => h!["type"]!.GetValue<string>()));
        Assert.Equal(SignInOutcome.MustChange, (await Host.Services.GetRequiredService<AccountSignIn>().CheckAsync("quantri.tinh", oneTime, null, null, "test")).Outcome);

        var (again, error) = await CchcOnLedger("account", "create-admin", "--login", "quantri.tinh", "--name", "Lần hai");
        Assert.Equal(2, again);
        Assert.Contains("--login", error);
    }
}

/// <summary>Production refuses the demo's accounts, asked for or found in the ledger.</summary>
public sealed class ProductionAccountTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    private async Task<Exception> StartInProduction(bool askForDemoAccounts, bool loadDemo = false)
    {
        var connection = await TestDatabase.ConnectionStringAsync();
        return await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var host = await AlbaHost.For<Program>(b =>
            {
                b.UseEnvironment("Production");
                b.UseSetting("ConnectionStrings:Ledger", Projections.AppendOnly.AppConnection(connection));
                b.UseSetting("ConnectionStrings:LedgerOwner", connection);
                b.UseSetting("Auth:SigningKey", TestTokens.Key);
                b.UseSetting("Demo:LoadOnStart", loadDemo ? "true" : "false");
                b.UseSetting("Demo:Accounts", askForDemoAccounts ? "true" : "false");
                b.UseSetting("Integrity:WitnessFile", Path.Combine(Path.GetTempPath(), $"cchc-prod-{Guid.NewGuid():N}.jsonl"));
            });
        });
    }

    [Fact]
    public async Task the_start_stops_when_the_application_role_cannot_sign_in()
    {
        var connection = await TestDatabase.ConnectionStringAsync();
        var refused = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var host = await AlbaHost.For<Program>(b =>
            {
                b.UseSetting("ConnectionStrings:Ledger", new Npgsql.NpgsqlConnectionStringBuilder(connection) { Username = "cchc_nobody" }.ConnectionString);
                b.UseSetting("ConnectionStrings:LedgerOwner", connection);
                b.UseSetting("Auth:SigningKey", TestTokens.Key);
                b.UseSetting("Demo:LoadOnStart", "false");
                b.UseSetting("Integrity:WitnessFile", Path.Combine(Path.GetTempPath(), $"cchc-app-role-{Guid.NewGuid():N}.jsonl"));
            });
        });
        Assert.Contains("ConnectionStrings:Ledger", refused.ToString());
    }

    [Fact]
    public async Task production_refuses_to_write_the_invented_demo_into_its_ledger()
    {
        var before = await EventCount();
        Assert.Contains("Demo:LoadOnStart", (await StartInProduction(askForDemoAccounts: false, loadDemo: true)).ToString());
        Assert.Equal(before, await EventCount());
    }

    [Fact]
    public async Task production_refuses_to_start_when_demo_accounts_are_asked_for_or_exist()
    {
        Assert.Contains("Demo:Accounts", (await StartInProduction(askForDemoAccounts: true)).ToString());
        await AgencyRegistered("huu-lung", "UBND huyện Hữu Lũng");
        Assert.Equal(6, await Demo.DemoAccounts.EnsureAsync(Store, new AccountPasswords(), TimeProvider.System));
        Assert.Contains("created by the demo", (await StartInProduction(askForDemoAccounts: false)).ToString());
    }
}
