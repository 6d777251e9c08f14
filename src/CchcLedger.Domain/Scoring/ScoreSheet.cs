using CchcLedger.Domain.Criteria;

namespace CchcLedger.Domain.Scoring;

/// <summary>A leaf's entries, newest of each kind; <see cref="Final"/> is the authoritative one.</summary>
public sealed record LeafEntries(LeafValue? Self = null, LeafValue? Appraised = null, LeafValue? Adjusted = null, LeafValue? Survey = null)
{
    /// <summary>Adjustment over appraisal over survey points over self-score.</summary>
    public LeafValue? Final => Adjusted ?? Appraised ?? Survey ?? Self;
}

/// <summary>What a ranking needs of a scorecard: total, index, class, and each area's points for tie rules.</summary>
public sealed record ScoreSummary(decimal Total, decimal Index, string Classification, IReadOnlyDictionary<string, decimal> AreaPoints)
{
    public decimal Area(string code) => AreaPoints.TryGetValue(code, out var points) ? points : 0m;
}

/// <summary>One node of a scored tree, with the points of each kind of entry for leaves.</summary>
public sealed record ScoredNode(
    string Code,
    string Title,
    decimal Max,
    LeafMethod? Method,
    decimal Points,
    bool Capped,
    decimal? Self,
    decimal? Appraised,
    decimal? Survey,
    decimal? Adjusted,
    decimal? Final,
    IReadOnlyList<ScoredNode> Children);

/// <summary>A scorecard scored under one rules version: the tree, the total, the index (% of the maximum) and the class.</summary>
public sealed record ScoreSheet(IReadOnlyList<ScoredNode> Areas, decimal Total, decimal MaxPoints, decimal Index, string Classification)
{
    public ScoreSummary Summary() => new(Total, Index, Classification, Areas.ToDictionary(a => a.Code, a => a.Points));

    /// <summary>Scores <paramref name="entries"/> (leaf code → entries) under <paramref name="rules"/>. Leaves never entered count 0.</summary>
    public static ScoreSheet Score(CriteriaRules rules, IReadOnlyDictionary<string, LeafEntries> entries)
    {
        var areas = rules.Areas.Select(a => ScoreNode(a, rules.Rounding, entries)).ToList();
        var total = areas.Sum(a => a.Points);
        var max = rules.MaxPoints;
        var index = rules.Rounding.Apply(total * 100m / max);
        return new ScoreSheet(areas, total, max, index, rules.Classify(index));
    }

    private static ScoredNode ScoreNode(CriterionNode node, RoundingRule rounding, IReadOnlyDictionary<string, LeafEntries> entries)
    {
        if (node.IsLeaf)
        {
            entries.TryGetValue(node.Code, out var e);
            decimal? Points(LeafValue? v) => v?.PointsFor(node, rounding);
            var final = Points(e?.Final);
            return new ScoredNode(node.Code, node.Title, node.Max, node.Method, final ?? 0m, false,
                Points(e?.Self), Points(e?.Appraised), Points(e?.Survey), Points(e?.Adjusted), final, []);
        }

        var children = node.Children!.Select(c => ScoreNode(c, rounding, entries)).ToList();
        var sum = children.Sum(c => c.Points);
        var points = Capped(node, sum);
        return new ScoredNode(node.Code, node.Title, node.Max, null, points, points != sum, null, null, null, null, null, children);
    }

    /// <summary>A node's points: the sum of its children, capped at its maximum and floored at zero.</summary>
    private static decimal Capped(CriterionNode node, decimal childrenSum) => Math.Max(0m, Math.Min(node.Max, childrenSum));

    /// <summary>
    /// The total alone, as <see cref="Score"/> computes it (the same leaf points and the same caps), without building the
    /// scored tree: for explanations, which need the total after every event. <paramref name="entry"/> gives a leaf's entries.
    /// </summary>
    public static decimal TotalOf(CriteriaRules rules, Func<string, LeafEntries?> entry)
    {
        decimal Points(CriterionNode node) => node.IsLeaf
            ? entry(node.Code)?.Final?.PointsFor(node, rules.Rounding) ?? 0m
            : Capped(node, node.Children!.Sum(Points));
        return rules.Areas.Sum(Points);
    }
}
