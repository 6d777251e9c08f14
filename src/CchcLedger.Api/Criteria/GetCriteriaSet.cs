using CchcLedger.Api.Hosting;
using CchcLedger.Domain.Criteria;
using Marten;
using Wolverine.Http;

namespace CchcLedger.Api.Criteria;

public static class GetCriteriaSetEndpoint
{
    [WolverineGet("/api/criteria-sets/{setId}")]
    public static async Task<IResult> Get(string setId, IQuerySession session) =>
        await session.CriteriaSetAsync(setId) is { } set
            ? Results.Ok(set)
            : Problems.Make(404, "Not found", "setId", $"criteria set '{setId}' does not exist");
}

public static class ListCriteriaSetsEndpoint
{
    [WolverineGet("/api/criteria-sets")]
    public static async Task<IReadOnlyList<CriteriaSetSummary>> Get(IQuerySession session) =>
        (await session.Query<CriteriaSet>().ToListAsync())
            .OrderBy(s => s.Year).ThenBy(s => s.Block).ThenBy(s => s.SetId)
            .Select(s => new CriteriaSetSummary(s.SetId, s.Year, s.Block, s.Title, s.RulesVersion, s.Adopted, s.AdoptionDecisionRef, s.Rules.Leaves().Count(), s.Rules.MaxPoints))
            .ToList();
}

public sealed record CriteriaSetSummary(string Id, int Year, string Block, string Title, int Version, bool Adopted, string? AdoptionDecisionRef, int Leaves, decimal MaxPoints);
