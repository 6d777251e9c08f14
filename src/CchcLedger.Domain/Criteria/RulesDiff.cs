namespace CchcLedger.Domain.Criteria;

/// <summary>
/// One difference between two rules versions. <see cref="Kind"/> is <c>added</c>, <c>retired</c> or <c>removed</c>
/// (a criterion), <c>changed</c> (a criterion's <see cref="Field"/>: title, max, method, step, basis or bands), or
/// <c>classBands</c>, <c>rounding</c>, <c>tieRule</c> (the set-wide rules).
/// </summary>
public sealed record RulesDifference(string Kind, string? Criterion, string? Field, object? From, object? To);

public static class RulesDiff
{
    public static IReadOnlyList<RulesDifference> Between(CriteriaRules from, CriteriaRules to)
    {
        var before = from.Nodes().ToDictionary(n => n.Code);
        var after = to.Nodes().ToDictionary(n => n.Code);
        var differences = new List<RulesDifference>();

        foreach (var (code, node) in before.Where(kv => !after.ContainsKey(kv.Key)))
            differences.Add(new((to.Retired ?? []).Contains(code) ? "retired" : "removed", code, null, Summary(node), null));
        foreach (var (code, node) in after.Where(kv => !before.ContainsKey(kv.Key)))
            differences.Add(new("added", code, null, null, Summary(node)));
        foreach (var (code, a) in before)
        {
            if (!after.TryGetValue(code, out var b)) continue;
            void Compare(string field, object? x, object? y)
            {
                if (!Equals(x, y)) differences.Add(new("changed", code, field, x, y));
            }
            Compare("title", a.Title, b.Title);
            Compare("max", a.Max, b.Max);
            Compare("method", a.Method, b.Method);
            Compare("step", a.Step, b.Step);
            Compare("basis", a.Basis, b.Basis);
            if (!(a.Bands ?? []).SequenceEqual(b.Bands ?? [])) differences.Add(new("changed", code, "bands", a.Bands, b.Bands));
        }

        if (!from.ClassBands.SequenceEqual(to.ClassBands)) differences.Add(new("classBands", null, null, from.ClassBands, to.ClassBands));
        if (from.Rounding != to.Rounding) differences.Add(new("rounding", null, null, from.Rounding, to.Rounding));
        if (from.TieRule.Kind != to.TieRule.Kind || !(from.TieRule.AreaOrder ?? []).SequenceEqual(to.TieRule.AreaOrder ?? []))
            differences.Add(new("tieRule", null, null, from.TieRule, to.TieRule));

        return differences.OrderBy(d => d.Criterion is null ? 1 : 0).ThenBy(d => d.Criterion, CodeOrder.Instance).ToList();
    }

    private static object Summary(CriterionNode n) => new { n.Title, n.Max, n.Method };
}

/// <summary>Criterion codes in reading order: 1.2 before 1.10, parts compared as numbers where they are numbers.</summary>
public sealed class CodeOrder : IComparer<string?>
{
    public static readonly CodeOrder Instance = new();

    public int Compare(string? x, string? y)
    {
        if (x is null || y is null) return string.CompareOrdinal(x, y);
        var (a, b) = (x.Split('.'), y.Split('.'));
        for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
        {
            var c = int.TryParse(a[i], out var m) && int.TryParse(b[i], out var n) ? m.CompareTo(n) : string.CompareOrdinal(a[i], b[i]);
            if (c != 0) return c;
        }
        return a.Length.CompareTo(b.Length);
    }
}
