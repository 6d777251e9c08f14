using CchcLedger.Domain.Accounts;
using CchcLedger.Domain.Agencies;

namespace CchcLedger.Domain.Tests;

public class AccountDecisionTests
{
    private static readonly Dictionary<string, Agency> Agencies = new()
    {
        ["huu-lung"] = new Agency("agency-huu-lung", "huu-lung", "UBND huyện Hữu Lũng", "districts"),
        ["van-quan"] = new Agency("agency-van-quan", "van-quan", "UBND huyện Văn Quan", "districts"),
    };

    private static Account Given(params object[] events) =>
        new object[] { new AccountCreated("nguyenvanan", "Nguyễn Văn An", null, null, null) }.Concat(events).Aggregate((Account?)null, Account.Evolve)!;

    private static RoleGranted Officer(params string[] agencies) => new("nguyenvanan", AccountRoles.AgencyOfficer, agencies, "Phân công", "QĐ 1");

    [Fact]
    public void a_login_is_lower_cased_and_trimmed_and_a_malformed_one_is_refused()
    {
        var created = Assert.IsType<AccountCreated>(Assert.Single(AccountDecisions.Create(null, new CreateAccount(" NguyenVanAn ", "Nguyễn Văn An")).Events));
        Assert.Equal("nguyenvanan", created.Login);
        Assert.Equal("login", AccountDecisions.Create(null, new CreateAccount("-an", "An")).Refusal!.Field);
        Assert.Equal("login", AccountDecisions.Create(null, new CreateAccount("nguyễn", "An")).Refusal!.Field);
    }

    [Fact]
    public void granting_a_held_role_again_replaces_its_agencies_and_the_same_grant_twice_is_refused()
    {
        var account = Given(Officer("huu-lung"));
        var again = AccountDecisions.Grant(account, new GrantRole(AccountRoles.AgencyOfficer, ["van-quan", "huu-lung"], "Thêm đơn vị", "QĐ 2"), Agencies, "quantri");
        var granted = Assert.IsType<RoleGranted>(Assert.Single(again.Events));
        Assert.Equal(["huu-lung", "van-quan"], granted.Agencies);
        Assert.Equal(["huu-lung", "van-quan"], Account.Evolve(account, granted)!.Grants.Single().Agencies);
        var same = AccountDecisions.Grant(account, new GrantRole(AccountRoles.AgencyOfficer, ["huu-lung"], "Lại", "QĐ 3"), Agencies, "quantri");
        Assert.Equal((RefusalKind.Conflict, "role"), (same.Refusal!.Kind, same.Refusal.Field));
    }

    [Fact]
    public void nobody_changes_their_own_rights_or_state()
    {
        var account = Given(new RoleGranted("nguyenvanan", AccountRoles.Administrator, [], "Quản trị", "QĐ 1"));
        Assert.Equal("login", AccountDecisions.Grant(account, new GrantRole(AccountRoles.Auditor, [], "Tự cấp", "QĐ 9"), Agencies, "nguyenvanan").Refusal!.Field);
        Assert.Equal("login", AccountDecisions.Revoke(account, AccountRoles.Administrator, new RevokeRole("Tự thu hồi"), "nguyenvanan").Refusal!.Field);
        Assert.Equal("login", AccountDecisions.Disable(account, new ChangeAccountState("Tự khoá"), "nguyenvanan").Refusal!.Field);
        Assert.Single(AccountDecisions.Disable(account, new ChangeAccountState("Nghỉ việc"), "quantri").Events);
    }

    [Fact]
    public void a_revoked_role_and_a_disabled_account_can_no_longer_act_and_a_password_event_moves_the_security_epoch()
    {
        var account = Given(Officer("huu-lung"));
        Assert.True(account.MayAct);
        Assert.False(Account.Evolve(account, new RoleRevoked("nguyenvanan", AccountRoles.AgencyOfficer, "Thôi", null))!.MayAct);
        Assert.False(Account.Evolve(account, new AccountDisabled("nguyenvanan", "Khoá", null))!.MayAct);
        Assert.Equal(2, new object[] { new PasswordReset("nguyenvanan", "Quên"), new PasswordChanged("nguyenvanan") }.Aggregate(account, (a, e) => Account.Evolve(a, e)!).SecurityEpoch);
    }

    [Theory]
    [InlineData("ngắn", "at least 10")]
    [InlineData("aaaaaaaaaaaa", "4 different")]
    [InlineData("NguyenVanAn-2017", "login")]
    public void a_weak_password_is_refused_with_the_reason(string password, string reason) =>
        Assert.Contains(reason, Passwords.Check(password, "nguyenvanan", "newPassword")!.Reason);

    [Fact]
    public void a_password_is_compared_in_nfc()
    {
        var nfd = "Hữu Lũng 2017".Normalize(System.Text.NormalizationForm.FormD);
        Assert.Equal("Hữu Lũng 2017", Passwords.Normalise(nfd));
        Assert.Null(Passwords.Check(nfd, "nguyenvanan", "newPassword"));
    }
}
