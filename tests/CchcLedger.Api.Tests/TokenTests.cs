using System.Security.Claims;
using CchcLedger.Api.Hosting;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CchcLedger.Api.Tests;

/// <summary>Signed by the ledger is necessary, not sufficient: one role, a bounded lifetime, an id, and not revoked.</summary>
public sealed class TokenTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    private static string Signed(IEnumerable<Claim> claims, DateTimeOffset from, DateTimeOffset until) =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Subject = new ClaimsIdentity(claims),
            Issuer = AuthSettings.DefaultIssuer,
            Audience = AuthSettings.DefaultAudience,
            IssuedAt = from.UtcDateTime,
            NotBefore = from.UtcDateTime,
            Expires = until.UtcDateTime,
            SigningCredentials = new SigningCredentials(TestTokens.Settings.Key, SecurityAlgorithms.HmacSha256),
        });

    private async Task<string> Refusal(string token, string url = "/api/agencies")
    {
        var result = await Host.Scenario(s =>
        {
            s.Get.Url(url);
            s.WithBearerToken(token);
            s.StatusCodeShouldBe(401);
        });
        var problem = System.Text.Json.Nodes.JsonNode.Parse(await result.ReadAsTextAsync());
        AssertProblemNames(problem, "authorization");
        return problem!["errors"]!["authorization"]![0]!.GetValue<string>();
    }

    [Fact]
    public async Task a_token_living_longer_than_the_configured_maximum_is_refused()
    {
        var now = DateTimeOffset.UtcNow;
        var token = Signed([new("name", "Trăm năm"), new("role", Roles.Auditor), new("jti", Guid.NewGuid().ToString("N"))], now, now.AddYears(100));
        Assert.Contains("at most 30", await Refusal(token));
    }

    [Fact]
    public async Task a_token_with_several_roles_is_refused_not_read_as_its_first()
    {
        var now = DateTimeOffset.UtcNow;
        var token = Signed([new("name", "Hai vai"), new("role", Roles.Auditor), new("role", Roles.Appraiser), new("jti", Guid.NewGuid().ToString("N"))], now, now.AddHours(1));
        Assert.Contains("exactly one role", await Refusal(token));
    }

    [Fact]
    public async Task a_token_without_an_id_is_refused_since_it_could_not_be_revoked()
    {
        var now = DateTimeOffset.UtcNow;
        var token = Signed([new("name", "Không số"), new("role", Roles.Auditor)], now, now.AddHours(1));
        Assert.Contains("jti", await Refusal(token));
    }

    [Fact]
    public async Task a_revoked_token_is_refused_from_the_next_request_and_the_revocation_is_an_event_naming_who()
    {
        var appraiser = TestTokens.For(Roles.Appraiser, "Trần Thị Bình");
        var id = new JsonWebToken(appraiser).Id;
        await Host.Scenario(s => { s.Get.Url("/api/agencies"); s.WithBearerToken(appraiser); s.StatusCodeShouldBe(200); });

        var before = await EventCount();
        await Host.Scenario(s =>
        {
            s.Post.Json(new { reason = "Cán bộ chuyển công tác", decisionRef = "QĐ 12/QĐ-SNV" }).ToUrl($"/api/tokens/{id}/revocation");
            s.WithBearerToken(TestTokens.For(Roles.Administrator, "Quản trị viên"));
            s.StatusCodeShouldBe(201);
        });
        Assert.Equal(before + 1, await EventCount());
        Assert.Contains("revoked", await Refusal(appraiser));

        await using var session = Store.QuerySession();
        var revoked = (await session.Events.FetchStreamAsync($"token-{id}")).Single();
        Assert.Equal("Quản trị viên", revoked.UserName);

        // Once is enough: a second revocation is a conflict and writes nothing; others may not revoke at all.
        var (again, problem, _) = await PostWith($"/api/tokens/{id}/revocation", new { reason = "lần nữa" });
        Assert.True(again is 403 or 409);
        await Host.Scenario(s =>
        {
            s.Post.Json(new { reason = "lần nữa" }).ToUrl($"/api/tokens/{id}/revocation");
            s.WithBearerToken(TestTokens.For(Roles.Administrator, "Quản trị viên"));
            s.StatusCodeShouldBe(409);
        });
        Assert.Equal(before + 1, await EventCount());
    }

    [Fact]
    public async Task cchc_token_refuses_to_issue_a_token_longer_than_the_maximum()
    {
        var (exit, _) = await Cchc("token", "--role", "auditor", "--name", "Kiểm toán viên", "--days", "36500");
        Assert.Equal(2, exit);
    }
}
