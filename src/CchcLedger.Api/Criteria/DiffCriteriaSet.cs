using CchcLedger.Api.Hosting;
using CchcLedger.Domain;
using CchcLedger.Domain.Criteria;
using Marten;
using Wolverine.Http;

namespace CchcLedger.Api.Criteria;

/// <summary>An amendment as recorded: the version it made, why, by which decision, who recorded it and when.</summary>
public sealed record AmendmentRecord(int Version, string Reason, string DecisionRef, DateTimeOffset RecordedAt, string? RecordedBy, IReadOnlyList<RulesChange> Changes);

/// <summary>What changed between two rules versions of a set, and the amendments that changed it.</summary>
public sealed record CriteriaSetDiff(string SetId, int From, int To, IReadOnlyList<RulesDifference> Differences, IReadOnlyList<AmendmentRecord> Amendments);

public static class CriteriaSetHistory
{
    /// <summary>
    /// The set's versions from its own events, and what changed between versions <paramref name="from"/> and
    /// <paramref name="to"/> (by default the last two); a refusal names a set or version that does not exist.
    /// </summary>
    public static async Task<(CriteriaSetDiff? Diff, IReadOnlyDictionary<int, CriteriaSet>? Versions, Refusal? Refusal)> LoadAsync(IQuerySession session, string setId,
        int? from, int? to, CancellationToken ct = default)
    {
        var events = await session.Events.FetchStreamAsync(CriteriaSet.StreamKey(setId), token: ct);
        if (events.Count == 0) return (null, null, Refusal.NotFound("setId", $"criteria set '{setId}' does not exist"));
        var versions = new Dictionary<int, CriteriaSet>();
        var amendments = new List<AmendmentRecord>();
        CriteriaSet? state = null;
        foreach (var e in events)
        {
            state = CriteriaSet.Evolve(state, e.Data);
            if (state is not null) versions[state.RulesVersion] = state;
            if (e.Data is CriteriaSetAmended a) amendments.Add(new(a.RulesVersion, a.Reason, a.DecisionRef, e.Timestamp, e.UserName, a.Changes));
        }

        var latest = state!.RulesVersion;
        var (x, y) = (from ?? Math.Max(1, latest - 1), to ?? latest);
        if (!versions.ContainsKey(x)) return (null, versions, Refusal.NotFound("from", $"criteria set '{setId}' has versions 1 to {latest}, not {x}"));
        if (!versions.ContainsKey(y)) return (null, versions, Refusal.NotFound("to", $"criteria set '{setId}' has versions 1 to {latest}, not {y}"));
        var (low, high) = (Math.Min(x, y), Math.Max(x, y));
        return (new CriteriaSetDiff(setId, x, y, RulesDiff.Between(versions[x].Rules, versions[y].Rules),
            amendments.Where(a => a.Version > low && a.Version <= high).ToList()), versions, null);
    }
}

public static class DiffCriteriaSetEndpoint
{
    [Api("So sánh hai phiên bản bộ tiêu chí", "Differences between two versions of a criteria set")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<CriteriaSetDiff>(200)]
    [Refuses(404)]
    [WolverineGet("/api/criteria-sets/{setId}/diff")]
    public static async Task<IResult> Get(string setId, int? from, int? to, IQuerySession session)
    {
        var (diff, _, refusal) = await CriteriaSetHistory.LoadAsync(session, setId, from, to);
        return refusal is not null ? Problems.For(refusal) : Results.Ok(diff);
    }
}
