using CchcLedger.Domain.Criteria;

namespace CchcLedger.Domain.Scoring;

public sealed record RankingCandidate(string Agency, string Name, ScoreSummary Score);

public sealed record RankedEntry(int Rank, string Agency, string Name, decimal Total, decimal Index, string Classification);

public static class Ranking
{
    /// <summary>
    /// Orders a block's agencies by total, descending. Equal totals are ordered by the set's tie rule; agencies still
    /// equal share a rank and the next rank skips (1, 2, 2, 4). Within a shared rank agencies are listed by code,
    /// ordinally, so that the order never depends on the machine's culture.
    /// </summary>
    public static IReadOnlyList<RankedEntry> Rank(IEnumerable<RankingCandidate> candidates, TieRule tieRule)
    {
        var areaOrder = tieRule.Kind == TieRule.Areas ? tieRule.AreaOrder ?? [] : [];
        var key = (RankingCandidate c) => new[] { c.Score.Total }.Concat(areaOrder.Select(c.Score.Area)).ToArray();

        var ordered = candidates
            .Select(c => (Candidate: c, Key: key(c)))
            .OrderByDescending(x => x.Key, KeyComparer.Instance)
            .ThenBy(x => x.Candidate.Agency, StringComparer.Ordinal)
            .ToList();

        var ranked = new List<RankedEntry>(ordered.Count);
        for (var i = 0; i < ordered.Count; i++)
        {
            var rank = i > 0 && KeyComparer.Instance.Compare(ordered[i].Key, ordered[i - 1].Key) == 0 ? ranked[i - 1].Rank : i + 1;
            var (c, _) = ordered[i];
            ranked.Add(new RankedEntry(rank, c.Agency, c.Name, c.Score.Total, c.Score.Index, c.Score.Classification));
        }
        return ranked;
    }

    private sealed class KeyComparer : IComparer<decimal[]>
    {
        public static readonly KeyComparer Instance = new();

        public int Compare(decimal[]? x, decimal[]? y)
        {
            for (var i = 0; i < Math.Min(x!.Length, y!.Length); i++)
            {
                var c = x[i].CompareTo(y[i]);
                if (c != 0) return c;
            }
            return 0;
        }
    }
}
