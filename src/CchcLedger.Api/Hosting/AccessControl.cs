using CchcLedger.Projections;
using Marten;
using Microsoft.AspNetCore.Http.Metadata;

namespace CchcLedger.Api.Hosting;

/// <summary>How an agency officer's scope is checked on a route.</summary>
public enum AgencyScope
{
    /// <summary>Not agency-specific: the role alone decides.</summary>
    None,
    /// <summary>The <c>{agency}</c> route value must be one of the officer's agencies.</summary>
    Route,
    /// <summary>The appeal named by <c>{appealId}</c> must belong to one of the officer's agencies.</summary>
    Appeal,
    /// <summary>The <c>?agency=</c> filter must be given and be one of the officer's agencies.</summary>
    Query,
}

public sealed record AccessRule(string Method, string Route, string[] Roles, AgencyScope Scope = AgencyScope.None)
{
    public const string Anonymous = "anonymous";
}

/// <summary>
/// Who may call what: one rule per endpoint, and an endpoint without a rule is closed (403), so a new endpoint is
/// never open by default. No token or an invalid one is 401; a role the rule does not name, or an agency outside
/// an officer's scope, is 403. Nothing runs, and nothing is written, past a refusal.
/// </summary>
public sealed class AccessControl(RequestDelegate next)
{
    private static readonly string[] Staff = [Roles.Appraiser, Roles.CouncilSecretary, Roles.CriteriaAdmin, Roles.Auditor, Roles.Administrator];
    private static readonly string[] Everyone = [.. Staff, Roles.AgencyOfficer];

    public static readonly IReadOnlyList<AccessRule> Rules =
    [
        new("GET", "/health", [AccessRule.Anonymous]),
        new("GET", "/health/live", [AccessRule.Anonymous]),
        new("GET", "/health/ready", [AccessRule.Anonymous]),
        new("GET", "/openapi/{documentName}.json", [AccessRule.Anonymous]), // the contract is public: clients start from it

        // Blocks are data: the criteria administrator defines, renames and retires them; everyone signed in reads them.
        new("GET", "/api/blocks", Everyone),
        new("POST", "/api/blocks", [Roles.CriteriaAdmin]),
        new("POST", "/api/blocks/{code}/renaming", [Roles.CriteriaAdmin]),
        new("POST", "/api/blocks/{code}/retirement", [Roles.CriteriaAdmin]),

        new("GET", "/api/agencies", Everyone),
        new("POST", "/api/agencies", [Roles.CriteriaAdmin]),
        new("POST", "/api/agencies/{code}/renaming", [Roles.CriteriaAdmin]),
        new("POST", "/api/agencies/{code}/block-change", [Roles.CriteriaAdmin]),
        new("POST", "/api/agencies/{code}/dissolution", [Roles.CriteriaAdmin]),

        new("GET", "/api/criteria-sets", Everyone),
        new("GET", "/api/criteria-sets/{setId}", Everyone),
        new("POST", "/api/criteria-sets", [Roles.CriteriaAdmin]),
        new("POST", "/api/criteria-sets/{setId}/adoption", [Roles.CriteriaAdmin]),
        new("POST", "/api/criteria-sets/{setId}/amendments", [Roles.CriteriaAdmin]),
        new("GET", "/api/criteria-sets/{setId}/diff", Everyone),

        new("GET", "/api/years/{year}/scorecards/{agency}", Everyone, AgencyScope.Route),
        new("GET", "/api/years/{year}/scorecards/{agency}/derivation", Everyone, AgencyScope.Route),
        new("GET", "/api/years/{year}/scorecards/{agency}/explain", Everyone, AgencyScope.Route),
        new("GET", "/api/years/{year}/scorecards/{agency}/comparison", Everyone, AgencyScope.Route),
        new("GET", "/api/years/{year}/scorecards/{agency}/proof", Everyone, AgencyScope.Route),
        new("POST", "/api/years/{year}/scorecards/{agency}/self-scores", [Roles.AgencyOfficer], AgencyScope.Route),
        new("POST", "/api/years/{year}/scorecards/{agency}/submission", [Roles.AgencyOfficer], AgencyScope.Route),
        new("POST", "/api/years/{year}/scorecards/{agency}/appraisals", [Roles.Appraiser]),
        new("POST", "/api/years/{year}/scorecards/{agency}/adjustments", [Roles.Appraiser]),
        new("POST", "/api/years/{year}/scorecards/{agency}/survey-scores", [Roles.Appraiser]),
        // Batches: a phase of a whole scorecard, or a block's survey points, in one request; the same roles as one item.
        new("POST", "/api/years/{year}/scorecards/{agency}/self-scores/batch", [Roles.AgencyOfficer], AgencyScope.Route),
        new("POST", "/api/years/{year}/scorecards/{agency}/appraisals/batch", [Roles.Appraiser]),
        new("POST", "/api/years/{year}/scorecards/{agency}/adjustments/batch", [Roles.Appraiser]),
        new("POST", "/api/years/{year}/rankings/{block}/survey-scores", [Roles.Appraiser]),
        // Evidence files: the agency's officer and the council upload them; the agency and staff read them.
        new("POST", "/api/years/{year}/scorecards/{agency}/evidence", [Roles.AgencyOfficer, Roles.Appraiser, Roles.CouncilSecretary], AgencyScope.Route),
        new("GET", "/api/years/{year}/scorecards/{agency}/evidence", Everyone, AgencyScope.Route),
        new("GET", "/api/years/{year}/scorecards/{agency}/evidence/{sha256}", Everyone, AgencyScope.Route),

        new("GET", "/api/years/{year}/rankings", Staff),
        new("GET", "/api/years/{year}/rankings/{block}", Staff),
        new("GET", "/api/years/{year}/rankings/{block}/explain", Staff),
        new("GET", "/api/years/{year}/rankings/{block}/preliminary", Everyone),
        new("POST", "/api/years/{year}/rankings/{block}/preliminary", [Roles.Appraiser]),
        // The council closes a window early by decision: its secretary records it, or the appraisal office that opened it.
        new("POST", "/api/years/{year}/rankings/{block}/preliminary/closure", [Roles.CouncilSecretary, Roles.Appraiser]),

        // Official results are public, and so is checking them.
        new("POST", "/api/years/{year}/rankings/{block}/publications", [Roles.Appraiser]),
        new("GET", "/api/years/{year}/rankings/{block}/publications", [AccessRule.Anonymous]),
        new("GET", "/api/years/{year}/rankings/{block}/publications/{n}", [AccessRule.Anonymous]),
        new("GET", "/api/years/{year}/rankings/{block}/publications/{n}/regeneration", [AccessRule.Anonymous]),
        new("GET", "/api/years/{year}/rankings/{block}/publications/{n}/bundle", [AccessRule.Anonymous]),
        // Exports: a publication's table is as public as the publication; working figures are for staff and the agency.
        new("GET", "/api/years/{year}/rankings/{block}/publications/{n}/export", [AccessRule.Anonymous]),
        new("GET", "/api/years/{year}/rankings/{block}/export", Staff),
        new("GET", "/api/years/{year}/scorecards/{agency}/export", Everyone, AgencyScope.Route),
        new("GET", "/api/years/{year}/scorecards/{agency}/derivation/export", Everyone, AgencyScope.Route),
        // A file cited by a published result, only where the province publishes evidence (Evidence:Public); else 404.
        new("GET", "/api/years/{year}/rankings/{block}/publications/{n}/evidence/{sha256}", [AccessRule.Anonymous]),

        new("POST", "/api/years/{year}/scorecards/{agency}/appeals", [Roles.AgencyOfficer], AgencyScope.Route),
        new("POST", "/api/appeals/{appealId}/withdrawal", [Roles.AgencyOfficer], AgencyScope.Appeal),
        new("POST", "/api/appeals/{appealId}/decision", [Roles.CouncilSecretary]),
        new("GET", "/api/appeals/{appealId}", Everyone, AgencyScope.Appeal),
        new("GET", "/api/years/{year}/appeals", Everyone, AgencyScope.Query),

        // Imports: the criteria administrator brings in criteria sets and agencies, the appraisal office a block's scores.
        new("POST", "/api/imports/criteria", [Roles.CriteriaAdmin]),
        new("POST", "/api/imports/agencies", [Roles.CriteriaAdmin]),
        new("POST", "/api/imports/scores", [Roles.Appraiser]),
        new("GET", "/api/imports", Staff),

        new("POST", "/api/tokens/{tokenId}/revocation", [Roles.Administrator]),
        // Accounts and rights: administrators manage them; auditors read who could do what, now or at any instant.
        new("GET", "/api/accounts", [Roles.Administrator, Roles.Auditor]),
        new("GET", "/api/accounts/{login}", [Roles.Administrator, Roles.Auditor]),
        new("POST", "/api/accounts", [Roles.Administrator]),
        new("POST", "/api/accounts/{login}/grants", [Roles.Administrator]),
        new("POST", "/api/accounts/{login}/grants/{role}/revocation", [Roles.Administrator]),
        new("POST", "/api/accounts/{login}/disabling", [Roles.Administrator]),
        new("POST", "/api/accounts/{login}/enabling", [Roles.Administrator]),
        new("POST", "/api/accounts/{login}/password-reset", [Roles.Administrator]),
        new("GET", "/api/tokens/revocations", Staff),

        new("GET", "/api/integrity/verification", Staff),
        new("GET", "/api/integrity/public-key", [AccessRule.Anonymous]),
        new("GET", "/api/years/{year}/rankings/{block}/milestones", Everyone),

        // The web pages. Official results and the integrity of the ledger are public. An agency's page is open to
        // anyone, who sees its published figures only; signed in, an officer sees only its own agencies.
        new("GET", "/", [AccessRule.Anonymous]),
        new("GET", "/cong-bo/{year:int}/{block}/{n:int}", [AccessRule.Anonymous]),
        new("GET", "/toan-ven", [AccessRule.Anonymous]),
        new("GET", "/toan-ven/xac-minh", Staff),
        // The page gives each reader what they may see: the published figures to anyone (an officer of another agency
        // included), the working scorecard to staff and to the agency's own officers.
        new("GET", "/don-vi/{year:int}/{agency}", [AccessRule.Anonymous, .. Everyone]),
        new("GET", "/don-vi/{year:int}/{agency}/giai-trinh", Everyone, AgencyScope.Route),
        new("GET", "/qua-cac-nam/{agency}", Everyone, AgencyScope.Route),
        new("GET", "/xep-hang/{year:int}/{block}", Staff),
        new("GET", "/giai-trinh/{year:int}/{block}", Staff),
        new("GET", "/bo-tieu-chi", Everyone),
        new("GET", "/bo-tieu-chi/{setId}", Everyone),
        new("GET", "/kien-nghi/{year:int}", Everyone, AgencyScope.Query),
        new("GET", "/kien-nghi/chi-tiet/{appealId}", Everyone, AgencyScope.Appeal),
        // The work of each role (forms that write through the same code as the endpoints above).
        new("GET", "/tu-danh-gia/{year:int}/{agency}", [Roles.AgencyOfficer], AgencyScope.Route),
        new("POST", "/tu-danh-gia/{year:int}/{agency}", [Roles.AgencyOfficer], AgencyScope.Route),
        new("GET", "/tu-danh-gia/{year:int}/{agency}/nop", [Roles.AgencyOfficer], AgencyScope.Route),
        new("POST", "/tu-danh-gia/{year:int}/{agency}/nop", [Roles.AgencyOfficer], AgencyScope.Route),
        new("GET", "/ket-qua/{year:int}/{agency}", [Roles.AgencyOfficer], AgencyScope.Route),
        new("POST", "/ket-qua/{year:int}/{agency}", [Roles.AgencyOfficer], AgencyScope.Route),
        new("GET", "/tham-dinh/{year:int}/khoi/{block}", [Roles.Appraiser]),
        new("POST", "/tham-dinh/{year:int}/khoi/{block}", [Roles.Appraiser]),
        new("GET", "/tham-dinh/{year:int}/{agency}", [Roles.Appraiser]),
        new("POST", "/tham-dinh/{year:int}/{agency}", [Roles.Appraiser]),
        new("GET", "/hoi-dong/{year:int}", [Roles.CouncilSecretary]),
        new("POST", "/hoi-dong/{year:int}", [Roles.CouncilSecretary]),
        // Auditors read who holds which right; administrators change them.
        new("GET", "/quan-tri/tai-khoan", [Roles.Administrator, Roles.Auditor]),
        new("POST", "/quan-tri/tai-khoan", [Roles.Administrator]),
        // Criteria administrators keep the register of agencies; administrators and auditors read it.
        new("GET", "/quan-tri/don-vi", [Roles.CriteriaAdmin, Roles.Administrator, Roles.Auditor]),
        new("POST", "/quan-tri/don-vi", [Roles.CriteriaAdmin]),
        new("GET", "/quan-tri/bo-tieu-chi", [Roles.CriteriaAdmin]),
        new("POST", "/quan-tri/bo-tieu-chi", [Roles.CriteriaAdmin]),
        // Files brought in (forms that write through the same importer as /api/imports).
        new("GET", "/nhap-lieu", [Roles.CriteriaAdmin, Roles.Appraiser]),
        new("POST", "/nhap-lieu", [Roles.CriteriaAdmin, Roles.Appraiser]),
        new("GET", "/dang-nhap", [AccessRule.Anonymous]),
        new("POST", "/dang-nhap", [AccessRule.Anonymous]),
        new("GET", "/dang-nhap/sso", [AccessRule.Anonymous]),
        new("GET", "/dang-nhap/chua-co-vai-tro", [AccessRule.Anonymous]),
        new("GET", "/dang-nhap/vai-tro", Everyone),
        new("POST", "/dang-nhap/vai-tro", Everyone),
        new("GET", "/doi-mat-khau", Everyone),
        new("POST", "/doi-mat-khau", Everyone),
        new("GET", "/cong-viec", Everyone),
        new("GET", "/dang-xuat", [AccessRule.Anonymous]),
        new("POST", "/dang-xuat", [AccessRule.Anonymous]),
        new("GET", "/ngon-ngu/{lang}", [AccessRule.Anonymous]),
        // Refusals and errors are re-executed here with the method of the request that failed.
        new("GET", "/loi/{status:int}", [AccessRule.Anonymous]),
        new("POST", "/loi/{status:int}", [AccessRule.Anonymous]),
    ];

    /// <summary>The rule of a route as written in the table; page routes are matched without their leading slash, as Razor Pages write them.</summary>
    public static AccessRule? RuleFor(string method, string route) =>
        Rules.FirstOrDefault(r => r.Method == method && r.Route.TrimStart('/') == route.TrimStart('/'));

    public async Task InvokeAsync(HttpContext http)
    {
        if (http.GetEndpoint() is not RouteEndpoint endpoint) { await next(http); return; }
        var rule = RuleFor(http.Request.Method, endpoint.RoutePattern.RawText ?? "");
        if (rule is null)
        {
            await Refuse(http, 403, "endpoint", "has no access rule: endpoints are closed until a rule opens them");
            return;
        }
        var actor = AuthSettings.ActorOf(http.User);
        // Open to anyone; a rule that also has a scope still keeps a signed-in officer to its own agencies.
        if (rule.Roles.Contains(AccessRule.Anonymous) && (actor is null || rule.Scope == AgencyScope.None)) { await next(http); return; }

        if (actor is null)
        {
            http.Response.Headers.WWWAuthenticate = "Bearer";
            // The handler keeps its result for the request: asking again does not validate the token twice.
            var why = (await Microsoft.AspNetCore.Authentication.AuthenticationHttpContextExtensions.AuthenticateAsync(http)).Failure is TokenRefused refused
                ? $"the token was refused: {refused.Message}"
                : "a valid bearer token is required (missing, expired, or not signed by this ledger)";
            await Refuse(http, 401, "authorization", why);
            return;
        }
        if (!rule.Roles.Contains(actor.Role))
        {
            await Refuse(http, 403, "role", $"the role '{actor.Role}' may not {http.Request.Method} {rule.Route}");
            return;
        }
        if (actor.Role == Roles.AgencyOfficer && await OutsideScopeAsync(http, rule.Scope, actor) is { } reason)
        {
            // Another agency's appeal is answered exactly like one that does not exist: appeal ids are guessable,
            // and an officer must not learn which ones exist.
            if (rule.Scope == AgencyScope.Appeal) await Refuse(http, 404, "appealId", NoSuchAppeal((string)http.GetRouteValue("appealId")!));
            else await Refuse(http, 403, "agency", reason);
            return;
        }
        await next(http);
    }

    public static string NoSuchAppeal(string appealId) => $"appeal '{appealId}' does not exist";

    private static async Task<string?> OutsideScopeAsync(HttpContext http, AgencyScope scope, ActorInfo actor)
    {
        string? agency;
        switch (scope)
        {
            case AgencyScope.Route:
                agency = http.GetRouteValue("agency") as string;
                break;
            case AgencyScope.Query:
                agency = http.Request.Query["agency"].ToString();
                if (agency.Length == 0) return "an agency officer lists only its own agencies' appeals: add ?agency=";
                break;
            case AgencyScope.Appeal:
                var session = http.RequestServices.GetRequiredService<IQuerySession>();
                var appeal = await session.LoadAsync<AppealView>((string)http.GetRouteValue("appealId")!);
                if (appeal is null) return null; // the endpoint answers 404
                agency = appeal.Agency;
                break;
            default:
                return null;
        }
        return actor.Agencies.Contains(agency) ? null : $"the token is not scoped to agency '{agency}'";
    }

    private static Task Refuse(HttpContext http, int status, string field, string reason)
    {
        // A page's refusal is left without a body: the error pages answer it in Vietnamese (sign-in for 401).
        if (Web.WebPages.IsPage(http))
        {
            http.Response.StatusCode = status;
            return Task.CompletedTask;
        }
        return Problems.WriteAsync(http, Problems.Details(status, status switch { 401 => "Unauthorized", 404 => "Not found", _ => "Forbidden" }, field, reason));
    }
}
