using CchcLedger.Domain.Criteria;

namespace CchcLedger.Domain.Scoring;

/// <summary>An agency's entries, leaf code → entries, as a what-if scores them.</summary>
public sealed record WhatIfCard(string Agency, string Name, IReadOnlyDictionary<string, LeafEntries> Entries);

/// <summary>
/// A leaf the two rules versions do not share, or values one cannot score. <see cref="Side"/>: <c>officialOnly</c>
/// (the official set has it, the other rules do not: its values are left out), <c>rulesOnly</c> (only the other
/// rules have it: it counts 0), <c>methodMismatch</c> (the other rules score it by a method the entered values do not fit: they count 0).
/// </summary>
public sealed record UnmatchedLeaf(string Code, string Title, string Side, IReadOnlyList<string> Agencies);

public sealed record WhatIfEntry(
    int Rank,
    string Agency,
    string Name,
    decimal Total,
    decimal Index,
    string Classification,
    int OfficialRank,
    decimal OfficialTotal,
    decimal OfficialIndex,
    string OfficialClassification,
    decimal TotalChange,
    int RankChange);

public sealed record WhatIfResult(IReadOnlyList<WhatIfEntry> Entries, IReadOnlyList<UnmatchedLeaf> Unmatched);

/// <summary>A year's entries scored under other rules, leaf by leaf where the codes match, beside the official result.</summary>
public static class WhatIf
{
    public static WhatIfResult Compute(CriteriaRules official, CriteriaRules rules, IReadOnlyList<WhatIfCard> cards)
    {
        var officialRanks = Ranking.Rank(cards.Select(c => new RankingCandidate(c.Agency, c.Name, ScoreSheet.Score(official, c.Entries).Summary())), official.TieRule)
            .ToDictionary(e => e.Agency);
        var ranked = Ranking.Rank(cards.Select(c => new RankingCandidate(c.Agency, c.Name, ScoreSheet.Score(rules, c.Entries).Summary())), rules.TieRule);
        var entries = ranked.Select(e =>
        {
            var o = officialRanks[e.Agency];
            return new WhatIfEntry(e.Rank, e.Agency, e.Name, e.Total, e.Index, e.Classification, o.Rank, o.Total, o.Index, o.Classification,
                e.Total - o.Total, o.Rank - e.Rank);
        }).ToList();
        return new WhatIfResult(entries, Unmatched(official, rules, cards));
    }

    private static List<UnmatchedLeaf> Unmatched(CriteriaRules official, CriteriaRules rules, IReadOnlyList<WhatIfCard> cards)
    {
        var theirs = rules.Leaves().ToDictionary(l => l.Code);
        var ours = official.Leaves().ToDictionary(l => l.Code);
        List<string> With(string code, Func<LeafValue, bool> where) =>
            cards.Where(c => c.Entries.GetValueOrDefault(code)?.Final is { } v && where(v)).Select(c => c.Agency).Order(StringComparer.Ordinal).ToList();

        var unmatched = new List<UnmatchedLeaf>();
        foreach (var leaf in official.Leaves())
        {
            if (!theirs.TryGetValue(leaf.Code, out var other)) unmatched.Add(new(leaf.Code, leaf.Title, "officialOnly", With(leaf.Code, _ => true)));
            else if (With(leaf.Code, v => v.PointsFor(other, rules.Rounding) is null) is { Count: > 0 } misfits)
                unmatched.Add(new(leaf.Code, other.Title, "methodMismatch", misfits));
        }
        unmatched.AddRange(rules.Leaves().Where(l => !ours.ContainsKey(l.Code)).Select(l => new UnmatchedLeaf(l.Code, l.Title, "rulesOnly", [])));
        return unmatched.OrderBy(u => u.Code, CodeOrder.Instance).ToList();
    }
}
