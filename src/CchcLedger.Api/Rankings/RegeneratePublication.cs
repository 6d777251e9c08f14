using CchcLedger.Domain.Integrity;
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
/// Regenerates a publication from the raw events alone, never from a projection (<see cref="PublicationSources"/>):
/// the criteria set's stream replayed to the pinned rules version, the block's scorecard streams and their agencies'
/// streams up to the publication's last sequence; then scored and ranked by the domain, and digested like the
/// publication. A format-2 publication's committed streams must also be exactly those the events give.
/// </summary>
public static class Regeneration
{
    public static async Task<RegenerationResult> RegenerateAsync(IQuerySession session, RankingPublished publication, CancellationToken ct = default)
    {
        var through = publication.ThroughSequence;
        var sources = await PublicationSources.LoadAsync((NpgsqlConnection)session.Connection!, publication.Year, publication.Block, publication.CriteriaSet, through, ct: ct);
        var recomputed = PublicationCheck.Recompute(publication, sources.Rules, sources.Cards, sources.Agencies);
        var differences = recomputed.Differences.ToList();
        if (publication.Format == PublicationDigest.Format2 && !(publication.Streams ?? []).SequenceEqual(sources.Streams))
            differences.Add(new RankingDifference("", "streams", Describe(publication.Streams ?? []), Describe(sources.Streams)));
        return new RegenerationResult(publication.Year, publication.Block, publication.Number, recomputed.Identical && differences.Count == 0, recomputed.Digest,
            publication.Digest, recomputed.PublishedDigestValid, publication.CriteriaSet, through, differences, recomputed.Entries);
    }

    private static string Describe(IEnumerable<StreamVersion> streams) => string.Join(", ", streams.Select(s => $"{s.Id}@{s.Version}"));

    /// <summary>The rules of one version, from the set's own events.</summary>
    public static async Task<CriteriaRules?> RulesAsync(IQuerySession session, SetRef set, CancellationToken ct = default) =>
        (await CriteriaSetDetail.AtVersionAsync(session, set.Id, set.Version, ct))?.Rules;
}

public static class RegeneratePublicationEndpoint
{
    [Api("Tái lập kết quả công bố từ sự kiện", "Regenerate a publication from the events")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<RegenerationResult>(200)]
    [Refuses(404)]
    [WolverineGet("/api/years/{year}/rankings/{block}/publications/{n}/regeneration")]
    public static async Task<IResult> Get(int year, string block, int n, IQuerySession session) =>
        await Publications.FindAsync(session, year, block, n) is (var publication, _)
            ? Results.Ok(await Regeneration.RegenerateAsync(session, publication))
            : Problems.Make(404, "Not found", "n", $"{year} block '{block}' has no publication {n}");
}
