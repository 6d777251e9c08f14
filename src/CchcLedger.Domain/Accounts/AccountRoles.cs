namespace CchcLedger.Domain.Accounts;

/// <summary>
/// The roles a person can be granted. They are data of the ledger now (granted and revoked by events), so their names
/// live here; the host's access rules (<c>Hosting/AccessControl</c>) say what each may touch.
/// </summary>
public static class AccountRoles
{
    public const string AgencyOfficer = "agency-officer";
    public const string Appraiser = "appraiser";
    public const string CouncilSecretary = "council-secretary";
    public const string CriteriaAdmin = "criteria-admin";
    public const string Auditor = "auditor";
    /// <summary>Manages accounts and their rights, withdraws tokens; reads everything.</summary>
    public const string Administrator = "administrator";

    /// <summary>
    /// Not a grantable role: the person acting on their own account (changing their own password), whatever rights it
    /// holds. Events they record name this role, so a password change is never mistaken for an act of an office.
    /// </summary>
    public const string AccountHolder = "account-holder";

    public static readonly string[] All = [AgencyOfficer, Appraiser, CouncilSecretary, CriteriaAdmin, Auditor, Administrator];

    public static bool IsKnown(string? role) => role is not null && All.Contains(role);
}
