using CchcLedger.Domain.Criteria;
using CchcLedger.Domain.Scoring;
using CchcLedger.Projections;
using Marten;

namespace CchcLedger.Api.Scorecards;

/// <summary>One year of an agency: its block, total, index, class and each area's points, and its rank among the block's agencies.</summary>
public sealed record AgencyYear(int Year, string Block, SetRef CriteriaSet, ScoreSummary Score, int Rank, int Ranked, IReadOnlyList<CriterionNode> Areas);

/// <summary>
/// An agency's standing in every year it was scored, as the ledger has it now: from the score versions valid now
/// (one query for all the years of its blocks), ranked per year and block under each adopted set's tie rule, as the
/// block rankings are. For an agency's years side by side without scoring every block's cards again, year by year.
/// </summary>
public static class AgencyYears
{
    public static async Task<IReadOnlyList<AgencyYear>> LoadAsync(IQuerySession session, string agency, CancellationToken ct = default)
    {
        var own = await session.Query<ScoreVersion>().Where(v => v.Agency == agency && v.ValidTo == ScoreVersion.Open).ToListAsync(ct);
        if (own.Count == 0) return [];
        var years = own.Select(v => v.Year).Distinct().ToArray();
        var blocks = own.Select(v => v.Block).Distinct().ToArray();
        var all = await session.Query<ScoreVersion>()
            .Where(v => v.ValidTo == ScoreVersion.Open && v.Year.IsOneOf(years) && v.Block.IsOneOf(blocks))
            .ToListAsync(ct);

        var result = new List<AgencyYear>();
        foreach (var mine in own.OrderBy(v => v.Year))
        {
            if (await session.AdoptedSetAsync(mine.Year, mine.Block) is not { } set || set.SetId != mine.CriteriaSetId) continue;
            var ranked = Ranking.Rank(all.Where(v => v.Year == mine.Year && v.Block == mine.Block && v.CriteriaSetId == set.SetId)
                .Select(v => new RankingCandidate(v.Agency, v.Agency, v.Score)), set.Rules.TieRule);
            result.Add(new AgencyYear(mine.Year, mine.Block, new SetRef(set.SetId, set.RulesVersion), mine.Score,
                ranked.Single(e => e.Agency == agency).Rank, ranked.Count, set.Rules.Areas));
        }
        return result;
    }
}
