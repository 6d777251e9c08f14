using CchcLedger.Api.Scorecards;
using CchcLedger.Domain;
using CchcLedger.Domain.Agencies;
using CchcLedger.Domain.Criteria;
using CchcLedger.Domain.Scorecards;
using CchcLedger.Domain.Scoring;
using CchcLedger.Projections;
using Marten;

namespace CchcLedger.Api.Rankings;

public sealed record ClassCount(string Classification, int Count);

/// <summary>A block's ranking for a year, under the criteria set adopted for it, now or as of an instant.</summary>
public sealed record BlockRanking(
    int Year,
    string Block,
    string BlockName,
    DateTimeOffset? AsOf,
    SetRef CriteriaSet,
    IReadOnlyList<RankedEntry> Entries,
    IReadOnlyList<ClassCount> Classes)
{
    /// <summary>Null when no criteria set is adopted for the year and block (at the cut, when there is one).</summary>
    public static async Task<BlockRanking?> LoadAsync(IQuerySession session, int year, string block, Cut? cut, CancellationToken ct = default) =>
        await (cut is { } c ? AsOfAsync(session, year, block, c, ct) : CurrentAsync(session, year, block, ct)) is { } ranking
            // The block's name as it stands now (blocks are data: the province names them).
            ? ranking with { BlockName = (await session.LoadAsync<Domain.Blocks.Block>(Domain.Blocks.Block.StreamKey(block), ct))?.Name ?? block }
            : null;

    /// <summary>
    /// From the open score versions: each scorecard's total, index, class and area points under the set's current rules,
    /// kept at every commit (amendments rescore them), so no scorecard document (tens of kilobytes each) is read.
    /// </summary>
    private static async Task<BlockRanking?> CurrentAsync(IQuerySession session, int year, string block, CancellationToken ct)
    {
        var set = await session.AdoptedSetAsync(year, block);
        if (set is null) return null;

        var versions = await session.Query<ScoreVersion>()
            .Where(v => v.Year == year && v.Block == block && v.CriteriaSetId == set.SetId && v.ValidTo == ScoreVersion.Open)
            .ToListAsync(ct);
        var agencies = (await session.LoadManyAsync<Agency>(ct, versions.Select(v => Agency.StreamKey(v.Agency)))).ToDictionary(a => a.Code);
        return Of(year, block, null, set, versions.Select(v => new RankingCandidate(v.Agency, agencies.TryGetValue(v.Agency, out var a) ? a.Name : v.Agency, v.Score)));
    }

    /// <summary>The block's scorecards of the year under <paramref name="set"/>, each with its agency's name now.</summary>
    public static async Task<IReadOnlyList<(Scorecard Card, string Name)>> CardsAsync(IQuerySession session, int year, string block, CriteriaSet set, CancellationToken ct = default)
    {
        var cards = await session.Query<Scorecard>().Where(c => c.Year == year && c.Block == block && c.CriteriaSetId == set.SetId).ToListAsync(ct);
        var agencies = (await session.LoadManyAsync<Agency>(ct, cards.Select(c => Agency.StreamKey(c.Agency)))).ToDictionary(a => a.Code);
        return cards.Select(c => (c, agencies.TryGetValue(c.Agency, out var a) ? a.Name : c.Agency)).ToList();
    }

    /// <summary>From the score versions valid at the cut, with the set and the agencies' names as they were then.</summary>
    private static async Task<BlockRanking?> AsOfAsync(IQuerySession session, int year, string block, Cut cut, CancellationToken ct)
    {
        cut = await InForce.NarrowAsync(session, cut, ct);
        var set = await History.AdoptedSetAsync(session, year, block, cut, ct);
        if (set is null) return null;
        if (cut.Effective) return await InForceAsync(session, year, block, cut, set, ct);

        var versions = (await ScoreHistory.ValidAtAsync(session, year, block, cut.Bound, ct)).Where(v => v.CriteriaSetId == set.SetId).ToList();
        var names = await AgencyHistory.ValidAtAsync(session, versions.Select(v => v.Agency).ToList(), cut.Bound, ct);
        return Of(year, block, cut.Instant, set, versions.Select(v =>
            new RankingCandidate(v.Agency, names.TryGetValue(v.Agency, out var a) ? a.Name : v.Agency, v.Score)));
    }

    /// <summary>
    /// What was in force at the cut, as the ledger knows it now: the block's scorecards and agencies folded from their
    /// raw events that had taken effect by then: each scorecard's score as the commit that ends its events in force left
    /// it, else folded from its last snapshot (see <see cref="InForce"/>).
    /// </summary>
    private static async Task<BlockRanking> InForceAsync(IQuerySession session, int year, string block, Cut cut, CriteriaSet set, CancellationToken ct)
    {
        var keys = await session.Query<Scorecard>().Where(c => c.Year == year && c.Block == block && c.CriteriaSetId == set.SetId).Select(c => c.Id).ToListAsync(ct);
        var (scores, toFold) = await InForce.ScoresAsync(session, keys, cut, set.SetId, set.RulesVersion, ct);
        var cards = await InForce.ScorecardsAsync(session, toFold, cut, ct);
        var candidates = scores.Select(v => (v.Agency, v.Score)).Concat(cards.Select(c => (c.Agency, Score: ScoreSheet.Score(set.Rules, c.Entries()).Summary()))).ToList();
        var agencies = await InForce.FoldAsync<Agency>(session, candidates.Select(c => Agency.StreamKey(c.Agency)).ToList(), cut, Agency.Evolve, ct);
        return Of(year, block, cut.Instant, set, candidates.Select(c => new RankingCandidate(c.Agency,
            agencies.TryGetValue(Agency.StreamKey(c.Agency), out var a) ? a.Name : c.Agency, c.Score)));
    }

    private static BlockRanking Of(int year, string block, DateTimeOffset? asOf, CriteriaSet set, IEnumerable<RankingCandidate> candidates)
    {
        var entries = Ranking.Rank(candidates, set.Rules.TieRule);
        var classes = set.Rules.ClassBands.OrderByDescending(b => b.Min)
            .Select(b => new ClassCount(b.Label, entries.Count(e => e.Classification == b.Label)))
            .ToList();
        return new BlockRanking(year, block, block, asOf, new SetRef(set.SetId, set.RulesVersion), entries, classes);
    }
}
