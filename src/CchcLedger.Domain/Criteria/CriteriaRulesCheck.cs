namespace CchcLedger.Domain.Criteria;

/// <summary>Consistency of a criteria-set version; the first problem found, named by its field.</summary>
public static class CriteriaRulesCheck
{
    /// <summary>Nodes in one set, and levels below an area: generous for ~90 leaves, and a bound on what a request can make the ledger compute.</summary>
    public const int MaxNodes = 2000;
    public const int MaxDepth = 6;

    public static Refusal? Check(CriteriaRules? rules)
    {
        if (rules is null) return Refusal.Invalid("areas", "is required");
        if (rules.Areas is null || rules.Areas.Count == 0) return Refusal.Invalid("areas", "must list at least one area");

        var seen = new HashSet<string>();
        for (var i = 0; i < rules.Areas.Count; i++)
        {
            var problem = CheckNode(rules.Areas[i], parentCode: null, $"areas[{i}]", seen);
            if (problem is not null) return problem;
        }

        if (rules.ClassBands is null || rules.ClassBands.Count == 0)
            return Refusal.Invalid("classBands", "must list at least one class band");
        for (var i = 0; i < rules.ClassBands.Count; i++)
        {
            var band = rules.ClassBands[i];
            if (string.IsNullOrWhiteSpace(band?.Label)) return Refusal.Invalid($"classBands[{i}].label", "is required and must not be empty");
            if (Numbers.Check(band.Min, $"classBands[{i}].min", 0m, 100m, "an index is a percentage") is { } badMin) return badMin;
        }
        if (rules.ClassBands.Select(b => b.Label).Distinct().Count() != rules.ClassBands.Count)
            return Refusal.Invalid("classBands", "uses a label twice");
        if (rules.ClassBands.Select(b => b.Min).Distinct().Count() != rules.ClassBands.Count)
            return Refusal.Invalid("classBands", "uses a minimum twice");
        if (!rules.ClassBands.Any(b => b.Min == 0))
            return Refusal.Invalid("classBands", "must cover 0–100: one band needs minimum 0");

        if (rules.Rounding is null) return Refusal.Invalid("rounding", "is required");
        if (rules.Rounding.Decimals is < 0 or > Numbers.MaxDecimals)
            return Refusal.Invalid("rounding.decimals", $"must be between 0 and {Numbers.MaxDecimals}");

        if (rules.TieRule is null) return Refusal.Invalid("tieRule", "is required");
        if (rules.TieRule.Kind == TieRule.Areas)
        {
            var order = rules.TieRule.AreaOrder ?? [];
            if (order.Count == 0) return Refusal.Invalid("tieRule.areaOrder", "must list at least one area code for the 'areas' tie rule");
            var missing = order.FirstOrDefault(code => rules.Areas.All(a => a.Code != code));
            if (missing is not null) return Refusal.Invalid("tieRule.areaOrder", $"names area '{missing}', which is not an area of this set");
        }
        else if (rules.TieRule.Kind != TieRule.Shared)
            return Refusal.Invalid("tieRule.kind", $"must be '{TieRule.Shared}' or '{TieRule.Areas}'");

        return null;
    }

    /// <summary>A subtree to be added under <paramref name="parentCode"/> (an area when null); <paramref name="taken"/> holds the codes in use.</summary>
    public static Refusal? CheckSubtree(CriterionNode? node, string? parentCode, string field, ISet<string> taken) =>
        CheckNode(node, parentCode, field, taken);

    private static Refusal? CheckNode(CriterionNode? node, string? parentCode, string field, ISet<string> seen, int depth = 0)
    {
        if (node is null) return Refusal.Invalid(field, "is required");
        if (depth > MaxDepth) return Refusal.Invalid(field, $"is nested too deep: at most {MaxDepth} levels below an area");
        if (seen.Count >= MaxNodes) return Refusal.Invalid(field, $"is one criterion too many: a set holds at most {MaxNodes}");
        if (string.IsNullOrWhiteSpace(node.Code)) return Refusal.Invalid($"{field}.code", "is required and must not be empty");
        if (!node.Code.Split('.').All(part => part.Length > 0 && part.All(char.IsAsciiLetterOrDigit)))
            return Refusal.Invalid($"{field}.code", $"'{node.Code}' must be dot-separated parts such as 2.1.3");
        if (parentCode is not null && !node.Code.StartsWith(parentCode + ".", StringComparison.Ordinal))
            return Refusal.Invalid($"{field}.code", $"'{node.Code}' must start with its parent's code '{parentCode}.'");
        if (!seen.Add(node.Code)) return Refusal.Invalid($"{field}.code", $"'{node.Code}' is used twice");
        if (string.IsNullOrWhiteSpace(node.Title)) return Refusal.Invalid($"{field}.title", "is required and must not be empty");
        if (node.Max <= 0) return Refusal.Invalid($"{field}.max", "must be greater than 0");
        if (Numbers.Check(node.Max, $"{field}.max", 0m, Numbers.MaxPoints) is { } badMax) return badMax;

        if (!node.IsLeaf)
        {
            if (node.Method is not null) return Refusal.Invalid($"{field}.method", "is only for leaves; this node has children");
            for (var i = 0; i < node.Children!.Count; i++)
            {
                var problem = CheckNode(node.Children[i], node.Code, $"{field}.children[{i}]", seen, depth + 1);
                if (problem is not null) return problem;
            }
            return null;
        }

        return node.Method switch
        {
            null => Refusal.Invalid($"{field}.method", "is required for a leaf (scale, ratio, bands, survey, bonus or penalty)"),
            LeafMethod.Scale or LeafMethod.Survey or LeafMethod.Bonus or LeafMethod.Penalty => CheckStep(node, field),
            LeafMethod.Bands => CheckBands(node, field),
            _ => null,
        };
    }

    private static Refusal? CheckStep(CriterionNode node, string field)
    {
        if (node.Step is null) return node.Method == LeafMethod.Scale ? Refusal.Invalid($"{field}.step", "is required for a scale leaf") : null;
        if (node.Step <= 0) return Refusal.Invalid($"{field}.step", "must be greater than 0");
        if (Numbers.Check(node.Step.Value, $"{field}.step", 0m, node.Max) is { } badStep) return badStep;
        if (node.Max % node.Step.Value != 0) return Refusal.Invalid($"{field}.step", $"must divide the maximum {node.Max}");
        return null;
    }

    private static Refusal? CheckBands(CriterionNode node, string field)
    {
        if (node.Basis is null) return Refusal.Invalid($"{field}.basis", "is required for a bands leaf (ratio or count)");
        if (node.Bands is null || node.Bands.Count == 0) return Refusal.Invalid($"{field}.bands", "must list at least one band");
        for (var i = 0; i < node.Bands.Count; i++)
        {
            var band = node.Bands[i];
            if (band is null) return Refusal.Invalid($"{field}.bands[{i}]", "is required");
            if (Numbers.Check(band.Points, $"{field}.bands[{i}].points", 0m, node.Max, "the leaf's maximum") is { } badPoints) return badPoints;
            if (Numbers.Check(band.Min, $"{field}.bands[{i}].min", 0m, node.Basis == BandBasis.Ratio ? 100m : Numbers.MaxCount,
                    node.Basis == BandBasis.Ratio ? "a percentage" : "a count") is { } badMin) return badMin;
        }
        if (node.Bands.Select(b => b.Min).Distinct().Count() != node.Bands.Count)
            return Refusal.Invalid($"{field}.bands", "uses a minimum twice");
        if (!node.Bands.Any(b => b.Min == 0))
            return Refusal.Invalid($"{field}.bands", node.Basis == BandBasis.Ratio ? "must cover 0–100%: one band needs minimum 0" : "must cover every count: one band needs minimum 0");
        return null;
    }
}
