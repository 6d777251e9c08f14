using CchcLedger.Api.Accounts;
using CchcLedger.Domain;
using CchcLedger.Domain.Accounts;
using Marten;

namespace CchcLedger.Api.Demo;

/// <summary>One demo account: its login, the invented person, the role and (for the officer) the agency.</summary>
public sealed record DemoAccount(string Login, string Name, string Role, string[] Agencies);

/// <summary>
/// One account per role for trying the pages, in Development only (<c>Demo:Accounts</c>, default true in Development and
/// refused in Production), all with the password <see cref="Password"/>, published in the README. The people are invented.
/// Created through the same code as an administrator's requests, by the ledger's system principal; marked as the demo's.
/// </summary>
public static class DemoAccounts
{
    public const string Password = "lang-son-2017";
    public const string Decision = "Tài khoản trình diễn (không có quyết định thật)";

    public static readonly IReadOnlyList<DemoAccount> All =
    [
        new("quantri", "Nguyễn Văn Quân", AccountRoles.Administrator, []),
        new("tieuchi", "Lê Thị Hoa", AccountRoles.CriteriaAdmin, []),
        new("thamdinh", "Trần Thị Bình", AccountRoles.Appraiser, []),
        new("thuky", "Phạm Văn Cường", AccountRoles.CouncilSecretary, []),
        new("kiemtoan", "Hoàng Minh Đức", AccountRoles.Auditor, []),
        new("huulung", "Vũ Thị Lan", AccountRoles.AgencyOfficer, ["huu-lung"]),
    ];

    public static bool Requested(IConfiguration configuration, IHostEnvironment environment) =>
        configuration.GetValue("Demo:Accounts", environment.IsDevelopment());

    /// <summary>Creates the demo's accounts that are missing, each with its role in one transaction; returns how many.</summary>
    public static async Task<int> EnsureAsync(IDocumentStore store, AccountPasswords passwords, TimeProvider clock, CancellationToken ct = default)
    {
        var created = 0;
        foreach (var demo in All)
        {
            await using var acting = DemoLoader.Session(store, "Dữ liệu trình diễn: tài khoản mẫu");
            var session = acting.Session;
            if (await session.LoadAsync<Account>(Account.StreamKey(demo.Login), ct) is not null) continue;
            // An officer's agency that this ledger does not have (the demo file changed): the account is left out.
            if (demo.Agencies.Length > 0 && await session.Query<Domain.Agencies.Agency>().Where(a => a.Code.IsOneOf(demo.Agencies)).CountAsync(ct) < demo.Agencies.Length) continue;
            var (_, _, refusal) = await CreateAccountEndpoint.CreateAsync(session, passwords, clock.GetUtcNow(),
                new CreateAccount(demo.Login, demo.Name, null, "Tài khoản trình diễn, mật khẩu công khai trong README", Decision), Password, demo: true,
                new GrantRole(demo.Role, demo.Agencies, "Vai trò của tài khoản trình diễn", Decision), ct);
            if (refusal is not null) throw new InvalidDataException($"The demo account {demo.Login} is inconsistent: {refusal.Field}: {refusal.Reason}");
            created++;
        }
        return created;
    }
}
