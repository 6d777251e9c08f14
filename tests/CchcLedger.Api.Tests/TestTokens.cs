using CchcLedger.Api.Hosting;

namespace CchcLedger.Api.Tests;

/// <summary>Tokens signed with the test host's key, for the role a request needs.</summary>
public static class TestTokens
{
    public static readonly string Key = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)(i * 7)).ToArray());

    public static readonly AuthSettings Settings = new(Convert.FromBase64String(Key), AuthSettings.DefaultIssuer, AuthSettings.DefaultAudience);

    public static string For(string role, string? name = null, params string[] agencies) =>
        Settings.Issue(name ?? $"Người kiểm thử ({role})", role, agencies, TimeSpan.FromHours(1), DateTimeOffset.UtcNow);

    /// <summary>A token for whoever would send this request: the officer of the agency in the URL, the appraiser, the council, …</summary>
    public static string ForRequest(string method, string url, string? name = null)
    {
        var path = url.Split('?')[0];
        if (method == "GET") return For(Roles.Auditor, name);
        if (path.StartsWith("/api/agencies") || path.StartsWith("/api/criteria-sets") || path.StartsWith("/api/blocks") || path.StartsWith("/api/imports/criteria") || path.StartsWith("/api/imports/agencies")) return For(Roles.CriteriaAdmin, name);
        if (path.EndsWith("/decision")) return For(Roles.CouncilSecretary, name);
        if (path.StartsWith("/api/tokens")) return For(Roles.Administrator, name);
        if (path.EndsWith("/withdrawal"))
        {
            var id = path.Split('/')[3];                       // 2017-huu-lung-1
            return For(Roles.AgencyOfficer, name, id[5..id.LastIndexOf('-')]);
        }
        if (path.EndsWith("/self-scores") || path.EndsWith("/self-scores/batch") || path.EndsWith("/submission") || path.EndsWith("/appeals") || path.EndsWith("/evidence"))
            return For(Roles.AgencyOfficer, name, path.Split('/')[5]);   // /api/years/{year}/scorecards/{agency}/…
        return For(Roles.Appraiser, name);
    }
}
