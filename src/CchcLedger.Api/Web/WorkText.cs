namespace CchcLedger.Api.Web;

// The interface text of the pages where people sign in and do their work (each role's forms), one required property per
// string: a language that misses one does not compile. Kept apart from UiText's reading pages so that the two grow separately.
public sealed partial class WorkText
{

    // Signing in
    public required string SignInTitle { get; init; }
    public required string SignInLead { get; init; }
    public required string LoginLabel { get; init; }
    public required string PasswordLabel { get; init; }
    public required string OneTimePasswordLabel { get; init; }
    public required string NewPasswordLabel { get; init; }
    public required string ConfirmPasswordLabel { get; init; }
    public required string CurrentPasswordLabel { get; init; }
    public required string PasswordHint { get; init; }
    public required string SignInButton { get; init; }
    public required string SignInSso { get; init; }
    public required string SignInSsoOr { get; init; }
    public required string WrongCredentials { get; init; }
    public required string LoginRequired { get; init; }
    public required string PasswordRequired { get; init; }
    public required string LockedOut { get; init; }
    public required string AccountDisabledText { get; init; }
    public required string NoRightsText { get; init; }
    public required string MustChangeText { get; init; }
    public required string SsoUnknown { get; init; }
    public required string SsoFailed { get; init; }
    public required string SsoNotConfigured { get; init; }
    public required string DemoAccountsTitle { get; init; }
    public required string DemoAccountsText { get; init; }

    // Roles and the session
    public required string ChooseRoleTitle { get; init; }
    public required string ChooseRoleLead { get; init; }
    public required string ChooseRoleButton { get; init; }
    public required string SwitchRole { get; init; }
    public required string ChangePassword { get; init; }
    public required string ChangePasswordLead { get; init; }
    public required string PasswordChangedText { get; init; }
    public required string CurrentPasswordWrong { get; init; }
    public required string ForAgencies { get; init; }

    // The work of each role
    public required string NavWork { get; init; }
    public required string WorkTitle { get; init; }
    public required string WorkLead { get; init; }
    public required string WorkNoYear { get; init; }

    // Forms
    public required string Save { get; init; }
    public required string Saved { get; init; }
    public required string SavedBefore { get; init; }
    public required string FormReusedDifferently { get; init; }
    public required string FormBusy { get; init; }
    public required string Stale { get; init; }
    public required string StaleBy { get; init; }
    public required string NotANumber { get; init; }
    public required string TooManyDecimals { get; init; }
    public required string Required { get; init; }
    public required string Reason { get; init; }
    public required string DecisionRef { get; init; }
    public required string DecisionRefHint { get; init; }
    public required string Optional { get; init; }
    public required string Confirm { get; init; }
    public required string Cancel { get; init; }
    public required string Back { get; init; }

    // Refusals
    public required string RefusedInvalid { get; init; }
    public required string RefusedNotFound { get; init; }
    public required string RefusedConflict { get; init; }

    // The work landing page
    public required string WorkSelfAssessment { get; init; }
    public required string WorkResults { get; init; }
    public required string WorkAppraisal { get; init; }
    public required string WorkBlock { get; init; }
    public required string WorkAppeals { get; init; }
    public required string WorkAgencies { get; init; }
    public required string WorkCriteriaSets { get; init; }
    public required string WorkAccounts { get; init; }
    public required string WorkReading { get; init; }
    public required string StatusNotStarted { get; init; }
    public required string StatusInProgress { get; init; }
    public required string StatusSubmitted { get; init; }
    public required string StatusOpenAppeals { get; init; }
}
