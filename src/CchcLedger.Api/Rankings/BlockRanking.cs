using CchcLedger.Api.Scorecards;
using CchcLedger.Domain;
using CchcLedger.Domain.Agencies;
using CchcLedger.Domain.Scorecards;
using CchcLedger.Domain.Scoring;
using Marten;

namespace CchcLedger.Api.Rankings;

public sealed record ClassCount(string Classification, int Count);

/// <summary>A block's ranking for a year, under the criteria set adopted for it.</summary>
public sealed record BlockRanking(int Year, string Block, string BlockName, SetRef CriteriaSet, IReadOnlyList<RankedEntry> Entries, IReadOnlyList<ClassCount> Classes)
{
    /// <summary>Null when no criteria set is adopted for the year and block.</summary>
    public static async Task<BlockRanking?> LoadAsync(IQuerySession session, int year, string block)
    {
        var set = await session.AdoptedSetAsync(year, block);
        if (set is null) return null;

        var cards = await session.Query<Scorecard>().Where(c => c.Year == year && c.Block == block && c.CriteriaSetId == set.SetId).ToListAsync();
        var agencies = (await session.LoadManyAsync<Agency>(cards.Select(c => Agency.StreamKey(c.Agency)))).ToDictionary(a => a.Code);
        var entries = Ranking.Rank(
            cards.Select(c => new RankingCandidate(c.Agency, agencies.TryGetValue(c.Agency, out var a) ? a.Name : c.Agency, ScoreSheet.Score(set.Rules, c.Entries()))),
            set.Rules.TieRule);
        var classes = set.Rules.ClassBands.OrderByDescending(b => b.Min)
            .Select(b => new ClassCount(b.Label, entries.Count(e => e.Classification == b.Label)))
            .ToList();
        return new BlockRanking(year, block, Blocks.Names[block], new SetRef(set.SetId, set.RulesVersion), entries, classes);
    }
}
