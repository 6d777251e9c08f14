using CchcLedger.Domain.Agencies;
using CchcLedger.Domain.Criteria;
using CchcLedger.Domain.Scorecards;
using Marten;

namespace CchcLedger.Api;

/// <summary>Documents are keyed by their stream key; these look them up by the codes users know.</summary>
public static class LedgerQueries
{
    public static Task<Agency?> AgencyAsync(this IQuerySession session, string code, CancellationToken ct = default) =>
        session.LoadAsync<Agency>(Agency.StreamKey(code), ct);

    public static Task<CriteriaSet?> CriteriaSetAsync(this IQuerySession session, string setId, CancellationToken ct = default) =>
        session.LoadAsync<CriteriaSet>(CriteriaSet.StreamKey(setId), ct);

    public static Task<Scorecard?> ScorecardAsync(this IQuerySession session, int year, string agency, CancellationToken ct = default) =>
        session.LoadAsync<Scorecard>(Scorecard.StreamKey(year, agency), ct);

    /// <summary>Every block ever defined, retired ones included (a handful of small documents).</summary>
    public static async Task<CchcLedger.Domain.Blocks.BlockCatalog> BlocksAsync(this IQuerySession session, CancellationToken ct = default) =>
        new((await session.Query<CchcLedger.Domain.Blocks.Block>().ToListAsync(ct)).OrderBy(b => b.Code, StringComparer.Ordinal).ToList());

    /// <summary>The set adopted for a year and block, if any; adoption keeps it to one.</summary>
    public static Task<CriteriaSet?> AdoptedSetAsync(this IQuerySession session, int year, string block) =>
        session.Query<CriteriaSet>().Where(s => s.Year == year && s.Block == block && s.Adopted).FirstOrDefaultAsync();
}
