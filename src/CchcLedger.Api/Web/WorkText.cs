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
    public required string NoRoleTitle { get; init; }
    public required string NoRolePasswordChanged { get; init; }
    public required string NoRoleAccount { get; init; }
    public required string NoRoleWhy { get; init; }
    public required string NoRoleAdmins { get; init; }
    public required string NoRoleNoAdmins { get; init; }
    public required string NoRoleThen { get; init; }
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

    // Leaf values
    public required string PointsLabel { get; init; }
    public required string PenaltyLabel { get; init; }
    public required string NumeratorLabel { get; init; }
    public required string DenominatorLabel { get; init; }
    public required string CountLabel { get; init; }
    public required string ScaleHint { get; init; }
    public required string BonusHint { get; init; }
    public required string PenaltyHint { get; init; }
    public required string RatioHint { get; init; }
    public required string BandsHint { get; init; }
    public required string BandRatio { get; init; }
    public required string BandCount { get; init; }
    public required string MaxN { get; init; }
    public required string SurveyLeaf { get; init; }

    // Self-assessment
    public required string SelfTitle { get; init; }
    public required string SelfLead { get; init; }
    public required string SelfProgress { get; init; }
    public required string SelfNotScored { get; init; }
    public required string SelfScoredAs { get; init; }
    public required string SelfEdit { get; init; }
    public required string SelfSave { get; init; }
    public required string SelfSubmitted { get; init; }
    public required string SelfSubmitLink { get; init; }
    public required string SelfNoSet { get; init; }
    public required string EvidenceTitle { get; init; }
    public required string EvidenceDocTitle { get; init; }
    public required string EvidenceDocRef { get; init; }
    public required string EvidenceFile { get; init; }
    public required string EvidenceRow { get; init; }
    public required string EvidenceNone { get; init; }
    public required string EvidenceCount { get; init; }
    public required string FilesLabel { get; init; }
    public required string FilesHint { get; init; }
    public required string UploadProgress { get; init; }
    public required string ExplanationLabel { get; init; }
    public required string Explanation { get; init; }

    // Submission
    public required string SubmitTitle { get; init; }
    public required string SubmitLead { get; init; }
    public required string SubmitMissing { get; init; }
    public required string SubmitReady { get; init; }
    public required string SubmitWithoutEvidence { get; init; }
    public required string SubmitConfirm { get; init; }
    public required string SubmitConfirmRequired { get; init; }
    public required string SubmitButton { get; init; }
    public required string SubmittedNotice { get; init; }

    // Results and appeals
    public required string ResultsTitle { get; init; }
    public required string ResultsNoPreliminary { get; init; }
    public required string ResultsRound { get; init; }
    public required string ResultsWindowOpen { get; init; }
    public required string ResultsWindowClosed { get; init; }
    public required string ResultsPublished { get; init; }
    public required string ResultsTotal { get; init; }
    public required string AppealLeaf { get; init; }
    public required string RequestedPointsLabel { get; init; }
    public required string ArgumentLabel { get; init; }
    public required string AppealButton { get; init; }
    public required string AppealFiledNotice { get; init; }
    public required string AppealOpenOnLeaf { get; init; }
    public required string OwnAppeals { get; init; }
    public required string NoAppeals { get; init; }
    public required string NoAppealsInState { get; init; }
    public required string WithdrawReason { get; init; }
    public required string WithdrawButton { get; init; }
    public required string WithdrawnNotice { get; init; }
    public required string ColRequested { get; init; }
    public required string ColAppealed { get; init; }
    public required string ColState { get; init; }
    public required string ColDecided { get; init; }
    public required string ColNote { get; init; }
    public required string ColAction { get; init; }

    // The council's work and the accounts
    public required string AppraiseTitle { get; init; }
    public required string AppraiseProgress { get; init; }
    public required string AppraiseNotSubmitted { get; init; }
    public required string AppraisedAs { get; init; }
    public required string AppraiseLeaf { get; init; }
    public required string AcceptSelf { get; init; }
    public required string NoteLabel { get; init; }
    public required string AppraiseSave { get; init; }
    public required string AppraiseSaved { get; init; }
    public required string AppraiseAgency { get; init; }
    public required string NoSuchBlock { get; init; }
    public required string BlockTitle { get; init; }
    public required string BlockLead { get; init; }
    public required string Worklist { get; init; }
    public required string WorklistEmpty { get; init; }
    public required string WorklistCaption { get; init; }
    public required string NotSubmittedYet { get; init; }
    public required string PreliminaryTitle { get; init; }
    public required string WindowDaysLabel { get; init; }
    public required string WindowEndsLabel { get; init; }
    public required string WindowEndsHint { get; init; }
    public required string PreliminaryButton { get; init; }
    public required string PreliminaryIssued { get; init; }
    public required string RoundMoved { get; init; }
    public required string NotAnInstant { get; init; }
    public required string PublishTitle { get; init; }
    public required string PublishLead { get; init; }
    public required string PublishButton { get; init; }
    public required string Published { get; init; }
    public required string LastPublished { get; init; }
    public required string SeePublication { get; init; }
    public required string InboxTitle { get; init; }
    public required string InboxLead { get; init; }
    public required string AllStates { get; init; }
    public required string AppealDetails { get; init; }
    public required string OutcomeLabel { get; init; }
    public required string DecidedPointsLabel { get; init; }
    public required string DecidedPointsHint { get; init; }
    public required string MembersPresentLabel { get; init; }
    public required string VotesForLabel { get; init; }
    public required string VotesAgainstLabel { get; init; }
    public required string VotesTooMany { get; init; }
    public required string VotesNoMajority { get; init; }
    public required string VotesOk { get; init; }
    public required string DecideButton { get; init; }
    public required string AppealDecidedNotice { get; init; }
    public required string AccountsLead { get; init; }
    public required string AccountsApi { get; init; }
    public required string AccountsCaption { get; init; }
    public required string NameLabel { get; init; }
    public required string EmailLabel { get; init; }
    public required string RolesLabel { get; init; }
    public required string RoleLabel { get; init; }
    public required string AgenciesLabel { get; init; }
    public required string DemoMark { get; init; }
    public required string RevokeButton { get; init; }
    public required string GrantSummary { get; init; }
    public required string GrantButton { get; init; }
    public required string AccountEnabledState { get; init; }
    public required string AccountDisabledState { get; init; }
    public required string DisableButton { get; init; }
    public required string EnableButton { get; init; }
    public required string CreateAccountTitle { get; init; }
    public required string CreateAccountButton { get; init; }
    public required string AccountCreated { get; init; }
    public required string RoleGranted { get; init; }
    public required string RoleRevoked { get; init; }
    public required string AccountStateChanged { get; init; }
    public required string PreliminaryWhileOpen { get; init; }
    public required string SelfSavedNotice { get; init; }

    // Adjustments and survey points (appraiser)
    public required string AdjustLeaf { get; init; }
    public required string AdjustLead { get; init; }
    public required string AdjustedAs { get; init; }
    public required string AdjustSave { get; init; }
    public required string AdjustSaved { get; init; }
    public required string SurveyEnteredAs { get; init; }
    public required string SurveyTitle { get; init; }
    public required string SurveyLead { get; init; }
    public required string SurveyCriterionLabel { get; init; }
    public required string SurveyPasteLabel { get; init; }
    public required string SurveyPasteHint { get; init; }
    public required string SurveyFileLabel { get; init; }
    public required string SurveySourceLabel { get; init; }
    public required string SurveySourceHint { get; init; }
    public required string SurveyPreviewButton { get; init; }
    public required string SurveyRecordButton { get; init; }
    public required string SurveyPreviewCaption { get; init; }
    public required string ColLine { get; init; }
    public required string ColCurrentPoints { get; init; }
    public required string ColNewPoints { get; init; }
    public required string SurveyEmpty { get; init; }
    public required string SurveyBadLine { get; init; }
    public required string SurveyUnknownAgency { get; init; }
    public required string SurveyDuplicate { get; init; }
    public required string SurveyLineError { get; init; }
    public required string SurveySourceRefused { get; init; }
    public required string SurveyNoLeaf { get; init; }
    public required string SurveyBadFile { get; init; }
    public required string SurveyRecorded { get; init; }
    public required string SurveyMoved { get; init; }

    // Agencies (criteria administrator)
    public required string AgenciesLead { get; init; }
    public required string AgenciesCaption { get; init; }
    public required string AgencyNameLabel { get; init; }
    public required string AgencyCodeLabel { get; init; }
    public required string AgencyCodeHint { get; init; }
    public required string BlockLabel { get; init; }
    public required string AgencyActiveState { get; init; }
    public required string AgencyDissolvedState { get; init; }
    public required string AgencyMergedState { get; init; }
    public required string AgencyChangeLink { get; init; }
    public required string AgencyChangeTitle { get; init; }
    public required string RegisterAgencyTitle { get; init; }
    public required string RegisterAgencyButton { get; init; }
    public required string RenameTitle { get; init; }
    public required string RenameButton { get; init; }
    public required string MoveTitle { get; init; }
    public required string MoveButton { get; init; }
    public required string DissolveTitle { get; init; }
    public required string DissolveLead { get; init; }
    public required string MergedIntoLabel { get; init; }
    public required string MergedIntoNone { get; init; }
    public required string DissolveButton { get; init; }
    public required string AgencyRegisteredNotice { get; init; }
    public required string AgencyChangedNotice { get; init; }
    public required string AgencyNotFoundText { get; init; }

    // Password reset (administrator)
    public required string ResetPasswordButton { get; init; }
    public required string PasswordResetNotice { get; init; }

    // Criteria sets (criteria administrator)
    public required string SetsAdminLead { get; init; }
    public required string SetsCaption { get; init; }
    public required string ColSetId { get; init; }
    public required string ColYear { get; init; }
    public required string ColVersion { get; init; }
    public required string SetAdoptedState { get; init; }
    public required string SetDraftState { get; init; }
    public required string SetManage { get; init; }
    public required string SetRead { get; init; }
    public required string SetNotFoundText { get; init; }
    public required string SetManageTitle { get; init; }
    public required string AmendTitle { get; init; }
    public required string AmendLead { get; init; }
    public required string ChangeKindLabel { get; init; }
    public required string KindChangeMax { get; init; }
    public required string KindRename { get; init; }
    public required string KindAdd { get; init; }
    public required string KindRetire { get; init; }
    public required string CriterionCodeLabel { get; init; }
    public required string CriterionCodeHint { get; init; }
    public required string ParentLabel { get; init; }
    public required string CriterionTitleLabel { get; init; }
    public required string MaxLabel { get; init; }
    public required string MethodLabel { get; init; }
    public required string StepLabel { get; init; }
    public required string PreviewButton { get; init; }
    public required string AmendButton { get; init; }
    public required string AmendPreviewTitle { get; init; }
    public required string WhatIfTitle { get; init; }
    public required string WhatIfNone { get; init; }
    public required string ColNowTotal { get; init; }
    public required string ColThenTotal { get; init; }
    public required string ColNowRank { get; init; }
    public required string ColThenRank { get; init; }
    public required string AmendedNotice { get; init; }
    public required string AdoptTitle { get; init; }
    public required string AdoptButton { get; init; }
    public required string AdoptedNotice { get; init; }
    public required string ReasonOptional { get; init; }
    public required string CopyTitle { get; init; }
    public required string CopyFromLabel { get; init; }
    public required string NewSetIdLabel { get; init; }
    public required string NewSetIdHint { get; init; }
    public required string SetTitleLabel { get; init; }
    public required string CopyButton { get; init; }
    public required string CopiedNotice { get; init; }
}
