using CchcLedger.Api.Hosting;
using CchcLedger.Domain.Criteria;
using CchcLedger.Projections;
using Marten;
using Wolverine.Http;

namespace CchcLedger.Api.Criteria;

/// <summary>A criteria set as read: its rules version, adoption, total maximum and tree.</summary>
public sealed record CriteriaSetDetail(string Id, int Year, string Block, string Title, int Version, bool Adopted, string? AdoptionDecisionRef,
    SetRef? CopiedFrom, int Leaves, decimal MaxPoints, CriteriaRules Rules)
{
    public static CriteriaSetDetail Of(CriteriaSet s) =>
        new(s.SetId, s.Year, s.Block, s.Title, s.RulesVersion, s.Adopted, s.AdoptionDecisionRef, s.CopiedFrom, s.Rules.Leaves().Count(), s.Rules.MaxPoints, s.Rules);

    /// <summary>The set at rules version <paramref name="version"/>, replayed from its own events.</summary>
    public static async Task<CriteriaSet?> AtVersionAsync(IQuerySession session, string setId, int version, CancellationToken ct = default) =>
        CriteriaSet.AtVersion((await session.Events.FetchStreamAsync(CriteriaSet.StreamKey(setId), token: ct)).Select(e => e.Data), version);

    /// <summary>A set named <c>{setId}</c> (its latest version) or <c>{setId}@{version}</c>; null when the text names none.</summary>
    public static async Task<CriteriaSet?> ResolveAsync(IQuerySession session, string? reference, CancellationToken ct = default) =>
        SetRef.Parse(reference) switch
        {
            (var id, { } version) => await AtVersionAsync(session, id, version, ct),
            (var id, null) => await session.CriteriaSetAsync(id, ct),
            null => null,
        };
}

public static class GetCriteriaSetEndpoint
{
    /// <summary>The set now, at <c>?version=N</c>, or <c>?asOf=</c> as it stood at that instant.</summary>
    [Api("Xem bộ tiêu chí", "Read a criteria set")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<CriteriaSetDetail>(200)]
    [Refuses(400, 404)]
    [Versioned]
    [WolverineGet("/api/criteria-sets/{setId}")]
    public static async Task<IResult> Get(string setId, DateTimeOffset? asOf, string? axis, int? version, IQuerySession session, TimeProvider clock, HttpContext http)
    {
        var (cut, badCut) = History.CutOf(asOf, axis, clock);
        if (badCut is not null) return Problems.For(badCut);
        if (asOf is not null && version is not null) return Problems.Make(400, "Invalid request", "version", "ask for a version or an instant (asOf), not both");
        if (await session.CriteriaSetAsync(setId) is null) return Problems.Make(404, "Not found", "setId", $"criteria set '{setId}' does not exist");

        if (version is { } v)
            return await CriteriaSetDetail.AtVersionAsync(session, setId, v) is { } atVersion
                ? Results.Ok(CriteriaSetDetail.Of(atVersion))
                : Problems.Make(404, "Not found", "version", $"criteria set '{setId}' has no rules version {v}");
        // The current set carries its stream version (not its rules version) as ETag, for a later write's If-Match.
        if (asOf is null && await session.Events.FetchStreamStateAsync(CriteriaSet.StreamKey(setId)) is { } state) Versions.Tag(http, state.Version);
        return await History.CriteriaSetAsync(session, setId, cut) is { } set
            ? Results.Ok(CriteriaSetDetail.Of(set))
            : Problems.Make(404, "Not found", "asOf", $"as of {asOf:O} criteria set '{setId}' had not been drafted yet");
    }
}

public static class ListCriteriaSetsEndpoint
{
    [Api("Danh sách bộ tiêu chí", "List the criteria sets")]
    [WolverineGet("/api/criteria-sets")]
    public static async Task<IReadOnlyList<CriteriaSetDetail>> Get(IQuerySession session) =>
        (await session.Query<CriteriaSet>().ToListAsync())
            .OrderBy(s => s.Year).ThenBy(s => s.Block, StringComparer.Ordinal).ThenBy(s => s.SetId, StringComparer.Ordinal)
            .Select(CriteriaSetDetail.Of)
            .ToList();
}
