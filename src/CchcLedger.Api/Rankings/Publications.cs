using CchcLedger.Api.Hosting;
using CchcLedger.Domain.Appeals;
using CchcLedger.Domain.Criteria;
using CchcLedger.Domain.Publications;
using CchcLedger.Domain.Scoring;
using CchcLedger.Projections;
using Marten;
using Wolverine.Http;

namespace CchcLedger.Api.Rankings;

/// <summary>A publication as listed: everything but its entries. <see cref="EffectiveAt"/>: the decision's date, where it was recorded later.</summary>
public sealed record PublicationSummary(int Year, string Block, int Number, int Round, PreviousPublication? Previous, SetRef CriteriaSet,
    DateTimeOffset PublishedAt, long ThroughSequence, string DecisionRef, int Agencies, string Digest, DateTimeOffset? EffectiveAt = null)
{
    public static PublicationSummary Of(RankingPublished p, DateTimeOffset? effectiveAt = null) =>
        new(p.Year, p.Block, p.Number, p.Round, p.Previous, p.CriteriaSet, p.PublishedAt, p.ThroughSequence, p.DecisionRef, p.Entries.Count, p.Digest,
            effectiveAt == p.PublishedAt ? null : effectiveAt);
}

/// <summary>A publication as frozen, and the canonical text its digest is taken over. <see cref="EffectiveAt"/>: as in <see cref="PublicationSummary"/>.</summary>
public sealed record PublicationDetail(int Year, string Block, int Number, int Round, PreviousPublication? Previous, SetRef CriteriaSet,
    DateTimeOffset PublishedAt, long ThroughSequence, string DecisionRef, IReadOnlyList<RankedEntry> Entries, string Digest, string Canonical,
    DateTimeOffset? EffectiveAt = null)
{
    public static PublicationDetail Of(RankingPublished p, DateTimeOffset? effectiveAt = null) =>
        new(p.Year, p.Block, p.Number, p.Round, p.Previous, p.CriteriaSet, p.PublishedAt, p.ThroughSequence, p.DecisionRef, p.Entries, p.Digest,
            PublicationDigest.Canonical(p), effectiveAt == p.PublishedAt ? null : effectiveAt);
}

/// <summary>Publications are read from their events as recorded, never from a projection.</summary>
public static class Publications
{
    public static async Task<IReadOnlyList<RankingPublished>> OfBlockAsync(IQuerySession session, int year, string block, CancellationToken ct = default) =>
        (await session.Events.FetchStreamAsync(ResultsRound.StreamKey(year, block), token: ct))
            .Select(e => e.Data).OfType<RankingPublished>().ToList();

    /// <summary>Publication <paramref name="number"/> of a year and block, and the sequence of its event; null when there is none.</summary>
    public static async Task<(RankingPublished Publication, long Sequence)?> FindAsync(IQuerySession session, int year, string block, int number, CancellationToken ct = default) =>
        (await session.Events.FetchStreamAsync(ResultsRound.StreamKey(year, block), token: ct))
            .Where(e => e.Data is RankingPublished p && p.Number == number)
            .Select(e => ((RankingPublished)e.Data, e.Sequence))
            .Cast<(RankingPublished, long)?>()
            .FirstOrDefault();

    /// <summary>When each publication of a year and block took effect (its decision's date, where it was recorded later), by number.</summary>
    public static async Task<IReadOnlyDictionary<int, DateTimeOffset>> EffectiveAtAsync(IQuerySession session, int year, string block, CancellationToken ct = default) =>
        (await session.Events.FetchStreamAsync(ResultsRound.StreamKey(year, block), token: ct))
            .Where(e => e.Data is RankingPublished)
            .ToDictionary(e => ((RankingPublished)e.Data).Number, EffectiveTime.Of);

    public static async Task<IReadOnlyList<RankingPublished>> AllAsync(IQuerySession session, CancellationToken ct = default) =>
        (await session.Events.QueryRawEventDataOnly<RankingPublished>().ToListAsync(ct))
            .OrderBy(p => p.Year).ThenBy(p => p.Block, StringComparer.Ordinal).ThenBy(p => p.Number).ToList();
}

public static class ListPublicationsEndpoint
{
    [Api("Danh sách các lần công bố", "List the publications")]
    [WolverineGet("/api/years/{year}/rankings/{block}/publications")]
    public static async Task<IReadOnlyList<PublicationSummary>> Get(int year, string block, IQuerySession session)
    {
        var effective = await Publications.EffectiveAtAsync(session, year, block);
        return (await Publications.OfBlockAsync(session, year, block)).Select(p => PublicationSummary.Of(p, effective.GetValueOrDefault(p.Number))).ToList();
    }
}

public static class GetPublicationEndpoint
{
    [Api("Xem một lần công bố", "Read a publication")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<PublicationDetail>(200)]
    [Refuses(404)]
    [WolverineGet("/api/years/{year}/rankings/{block}/publications/{n}")]
    public static async Task<IResult> Get(int year, string block, int n, IQuerySession session) =>
        await Publications.FindAsync(session, year, block, n) is (var publication, _)
            ? Results.Ok(PublicationDetail.Of(publication, (await Publications.EffectiveAtAsync(session, year, block)).GetValueOrDefault(n)))
            : Problems.Make(404, "Not found", "n", $"{year} block '{block}' has no publication {n}");
}
