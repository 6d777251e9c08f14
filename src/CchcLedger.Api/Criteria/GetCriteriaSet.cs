using CchcLedger.Api.Hosting;
using CchcLedger.Domain.Criteria;
using Marten;
using Wolverine.Http;

namespace CchcLedger.Api.Criteria;

/// <summary>A criteria set as read: its rules version, adoption, total maximum and tree.</summary>
public sealed record CriteriaSetDetail(string Id, int Year, string Block, string Title, int Version, bool Adopted, string? AdoptionDecisionRef, int Leaves, decimal MaxPoints, CriteriaRules Rules)
{
    public static CriteriaSetDetail Of(CriteriaSet s) =>
        new(s.SetId, s.Year, s.Block, s.Title, s.RulesVersion, s.Adopted, s.AdoptionDecisionRef, s.Rules.Leaves().Count(), s.Rules.MaxPoints, s.Rules);
}

public static class GetCriteriaSetEndpoint
{
    [WolverineGet("/api/criteria-sets/{setId}")]
    public static async Task<IResult> Get(string setId, IQuerySession session) =>
        await session.CriteriaSetAsync(setId) is { } set
            ? Results.Ok(CriteriaSetDetail.Of(set))
            : Problems.Make(404, "Not found", "setId", $"criteria set '{setId}' does not exist");
}

public static class ListCriteriaSetsEndpoint
{
    [WolverineGet("/api/criteria-sets")]
    public static async Task<IReadOnlyList<CriteriaSetDetail>> Get(IQuerySession session) =>
        (await session.Query<CriteriaSet>().ToListAsync())
            .OrderBy(s => s.Year).ThenBy(s => s.Block, StringComparer.Ordinal).ThenBy(s => s.SetId, StringComparer.Ordinal)
            .Select(CriteriaSetDetail.Of)
            .ToList();
}
