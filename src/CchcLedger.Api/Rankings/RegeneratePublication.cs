using CchcLedger.Api.Criteria;
using CchcLedger.Api.Hosting;
using CchcLedger.Domain.Agencies;
using CchcLedger.Domain.Criteria;
using CchcLedger.Domain.Publications;
using CchcLedger.Domain.Scorecards;
using CchcLedger.Domain.Scoring;
using CchcLedger.Projections;
using JasperFx.Events;
using Marten;
using Npgsql;
using Wolverine.Http;

namespace CchcLedger.Api.Rankings;

/// <summary>
/// A publication recomputed: <see cref="Identical"/> when the regenerated entries equal the published ones and hash
/// to the published digest. <see cref="PublishedDigestValid"/> says whether the stored publication still hashes to its own digest.
/// </summary>
public sealed record RegenerationResult(
    int Year,
    string Block,
    int Number,
    bool Identical,
    string Digest,
    string PublishedDigest,
    bool PublishedDigestValid,
    SetRef CriteriaSet,
    long ThroughSequence,
    IReadOnlyList<RankingDifference> Differences,
    IReadOnlyList<RankedEntry> Entries);

/// <summary>
/// Regenerates a publication from the raw events alone, never from a projection: the criteria set's stream replayed
/// to the pinned rules version; every scorecard stream of the year and every agency stream replayed up to the
/// publication's last sequence; then scored and ranked by the domain, and digested like the publication.
/// </summary>
public static class Regeneration
{
    public static async Task<RegenerationResult> RegenerateAsync(IQuerySession session, RankingPublished publication, CancellationToken ct = default)
    {
        var through = publication.ThroughSequence;
        var rules = await RulesAsync(session, publication.CriteriaSet, ct);

        var cards = await FoldAsync<Scorecard>(session, await BlockScorecardStreamsAsync(session, publication, ct), through, Scorecard.Evolve, ct);
        var agencies = (await FoldAsync<Agency>(session, cards.Select(c => Agency.StreamKey(c.Agency)).ToArray(), through, Agency.Evolve, ct))
            .ToDictionary(a => a.Code);

        var recomputed = PublicationCheck.Recompute(publication, rules, cards, agencies);
        return new RegenerationResult(publication.Year, publication.Block, publication.Number, recomputed.Identical, recomputed.Digest,
            publication.Digest, recomputed.PublishedDigestValid, publication.CriteriaSet, through, recomputed.Differences, recomputed.Entries);
    }

    /// <summary>
    /// The scorecard streams a publication derives from. Each scorecard stream opens with its block and criteria set,
    /// so only the first event of each of the year's streams is read to find them.
    /// </summary>
    public static async Task<string[]> BlockScorecardStreamsAsync(IQuerySession session, RankingPublished publication, CancellationToken ct = default)
    {
        var yearKeys = await StreamKeysAsync(session, $"scorecard-{publication.Year}-", ct);
        var opened = yearKeys.Length == 0 ? [] : await session.Events.QueryAllRawEvents()
            .Where(e => e.StreamKey.IsOneOf(yearKeys) && e.Version == 1 && e.Sequence <= publication.ThroughSequence)
            .ToListAsync(ct);
        return opened
            .Where(e => e.Data is ScorecardOpened o && o.Block == publication.Block && o.CriteriaSetId == publication.CriteriaSet.Id)
            .Select(e => e.StreamKey!)
            .ToArray();
    }

    /// <summary>The rules of one version, from the set's own events.</summary>
    public static async Task<CriteriaRules?> RulesAsync(IQuerySession session, SetRef set, CancellationToken ct = default) =>
        (await CriteriaSetDetail.AtVersionAsync(session, set.Id, set.Version, ct))?.Rules;

    private static async Task<string[]> StreamKeysAsync(IQuerySession session, string prefix, CancellationToken ct)
    {
        // A connection of its own: taking the session's (session.Connection) leaves it in a transaction the request never closes.
        await using var conn = new NpgsqlConnection(session.DocumentStore.Options.Tenancy.Default.Database.CreateConnection().ConnectionString);
        await conn.OpenAsync(ct);
        await using var cmd = new NpgsqlCommand($"select id from {LedgerStore.SchemaName}.mt_streams where id like @prefix", conn);
        cmd.Parameters.AddWithValue("prefix", prefix.Replace("_", "\\_").Replace("%", "\\%") + "%");
        var keys = new List<string>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) keys.Add(reader.GetString(0));
        return keys.ToArray();
    }

    private static async Task<IReadOnlyList<T>> FoldAsync<T>(IQuerySession session, string[] keys, long through, Func<T?, object, T?> evolve, CancellationToken ct)
        where T : class
    {
        if (keys.Length == 0) return [];
        var events = await session.Events.QueryAllRawEvents()
            .Where(e => e.StreamKey.IsOneOf(keys) && e.Sequence <= through)
            .OrderBy(e => e.Sequence)
            .ToListAsync(ct);
        return events.GroupBy(e => e.StreamKey!)
            .Select(g => g.Aggregate((T?)null, (state, e) => evolve(state, e.Data)))
            .OfType<T>()
            .ToList();
    }
}

public static class RegeneratePublicationEndpoint
{
    [WolverineGet("/api/years/{year}/rankings/{block}/publications/{n}/regeneration")]
    public static async Task<IResult> Get(int year, string block, int n, IQuerySession session) =>
        await Publications.FindAsync(session, year, block, n) is (var publication, _)
            ? Results.Ok(await Regeneration.RegenerateAsync(session, publication))
            : Problems.Make(404, "Not found", "n", $"{year} block '{block}' has no publication {n}");
}
