namespace CchcLedger.Domain.Criteria;

/// <summary>The kinds of rules change an amendment can make.</summary>
public static class RulesChangeKinds
{
    public const string AddCriterion = "addCriterion";
    public const string RetireCriterion = "retireCriterion";
    public const string RenameCriterion = "renameCriterion";
    public const string ChangeMax = "changeMax";
    public const string ChangeMethod = "changeMethod";
    public const string ChangeBands = "changeBands";
    public const string ChangeClassBands = "changeClassBands";
    public const string ChangeRounding = "changeRounding";
    public const string ChangeTieRule = "changeTieRule";

    public static readonly string[] All =
        [AddCriterion, RetireCriterion, RenameCriterion, ChangeMax, ChangeMethod, ChangeBands, ChangeClassBands, ChangeRounding, ChangeTieRule];
}

/// <summary>
/// One change of an amendment. Which fields it uses depends on <see cref="Kind"/>:
/// <c>addCriterion</c> {parent?, node} (no parent: a new area); <c>retireCriterion</c> {criterion};
/// <c>renameCriterion</c> {criterion, title}; <c>changeMax</c> {criterion, max};
/// <c>changeMethod</c> {criterion, method, step?, basis?, bands?}; <c>changeBands</c> {criterion, bands, basis?};
/// <c>changeClassBands</c> {classBands}; <c>changeRounding</c> {rounding}; <c>changeTieRule</c> {tieRule}.
/// </summary>
public sealed record RulesChange(
    string? Kind,
    string? Criterion = null,
    string? Parent = null,
    CriterionNode? Node = null,
    string? Title = null,
    decimal? Max = null,
    LeafMethod? Method = null,
    decimal? Step = null,
    BandBasis? Basis = null,
    IReadOnlyList<Band>? Bands = null,
    IReadOnlyList<ClassBand>? ClassBands = null,
    RoundingRule? Rounding = null,
    TieRule? TieRule = null);

public sealed record AmendCriteriaSet(string? Reason, string? DecisionRef, IReadOnlyList<RulesChange>? Changes);

/// <summary>
/// Amending a set: the changes are applied in order to the current rules and the result must pass the same
/// consistency check as a new set; all of them land as one new rules version, or none does.
/// </summary>
public static class CriteriaAmendments
{
    public const int MaxChanges = 200;

    public static Decision Amend(CriteriaSet set, AmendCriteriaSet command)
    {
        var (reason, reasonError) = Text.Clean(command.Reason, required: true, Text.LongMax);
        if (reasonError is not null) return Refusal.Invalid("reason", reasonError);
        var (decisionRef, refError) = Text.Clean(command.DecisionRef, required: true);
        if (refError is not null) return Refusal.Invalid("decisionRef", refError);
        if (command.Changes is null || command.Changes.Count == 0) return Refusal.Invalid("changes", "must list at least one change");
        if (command.Changes.Count > MaxChanges) return Refusal.Invalid("changes", $"must list at most {MaxChanges} changes");

        var rules = set.Rules;
        for (var i = 0; i < command.Changes.Count; i++)
        {
            var (next, problem) = Apply(rules, command.Changes[i], $"changes[{i}]");
            if (problem is not null) return problem;
            rules = next!;
        }

        if (CriteriaRulesCheck.Check(rules) is { } inconsistent)
            return Refusal.Invalid("changes", $"would leave the set inconsistent: {Describe(rules, inconsistent.Field)}{inconsistent.Field} {inconsistent.Reason}");
        var (normalised, textProblem) = CriteriaSetDecisions.NormaliseText(rules);
        if (textProblem is not null) return Refusal.Invalid("changes", $"would leave the set with a bad text: {textProblem.Field} {textProblem.Reason}");

        var changes = command.Changes.Select(c => c with
        {
            Title = Text.Nfc(c.Title),
            Node = c.Node is null ? null : Nfc(c.Node),
            ClassBands = c.ClassBands?.Select(b => b with { Label = Text.Nfc(b.Label)! }).ToList(),
        }).ToList();
        return Decision.Accept(new CriteriaSetAmended(set.SetId, set.RulesVersion + 1, changes, normalised!, reason!, decisionRef!));
    }

    private static (CriteriaRules? Rules, Refusal? Problem) Apply(CriteriaRules rules, RulesChange? change, string field)
    {
        if (change is null) return Fail(field, "is required");
        var retired = rules.Retired ?? [];
        CriterionNode? Target(out Refusal? problem)
        {
            problem = null;
            if (string.IsNullOrWhiteSpace(change.Criterion)) { problem = Refusal.Invalid($"{field}.criterion", "is required for " + change.Kind); return null; }
            if (retired.Contains(change.Criterion)) { problem = Refusal.Invalid($"{field}.criterion", $"'{change.Criterion}' is retired"); return null; }
            var node = rules.Find(change.Criterion);
            if (node is null) problem = Refusal.Invalid($"{field}.criterion", $"'{change.Criterion}' is not a criterion of this set");
            return node;
        }

        CriterionNode? target;
        Refusal? missing;
        switch (change.Kind)
        {
            case RulesChangeKinds.AddCriterion:
                if (change.Node is null) return Fail($"{field}.node", "is required: the criterion to add, with its code, title, maximum and (for a leaf) method");
                var taken = new HashSet<string>(rules.Nodes().Select(n => n.Code));
                if (CriteriaRulesCheck.CheckSubtree(change.Node, change.Parent, $"{field}.node", taken) is { } badNode) return (null, badNode);
                if (Codes(change.Node).FirstOrDefault(c => retired.Contains(c)) is { } reused)
                    return Fail($"{field}.node.code", $"'{reused}' was retired from this set; a retired code is never used again");
                if (change.Parent is null) return Ok(rules with { Areas = [.. rules.Areas, change.Node] });
                if (retired.Contains(change.Parent))
                    return Fail($"{field}.parent", $"'{change.Parent}' is retired: no criterion can be added under a retired node");
                var parent = rules.Find(change.Parent);
                if (parent is null) return Fail($"{field}.parent", $"'{change.Parent}' is not a criterion of this set");
                if (parent.IsLeaf)
                    return Fail($"{field}.parent", $"'{change.Parent}' is a leaf scored by {parent.Method}; a criterion is added under an area or a criterion with sub-criteria");
                return Ok(Replace(rules, parent.Code, p => p with { Children = [.. p.Children!, change.Node] }));

            case RulesChangeKinds.RetireCriterion:
                target = Target(out missing);
                if (target is null) return (null, missing);
                return Ok(Replace(rules, target.Code, _ => null) with { Retired = [.. retired, .. Codes(target)] });

            case RulesChangeKinds.RenameCriterion:
                target = Target(out missing);
                if (target is null) return (null, missing);
                if (string.IsNullOrWhiteSpace(change.Title)) return Fail($"{field}.title", "is required for renameCriterion");
                return Ok(Replace(rules, target.Code, n => n with { Title = change.Title }));

            case RulesChangeKinds.ChangeMax:
                target = Target(out missing);
                if (target is null) return (null, missing);
                if (change.Max is not { } max) return Fail($"{field}.max", "is required for changeMax");
                if (max == target.Max) return Fail($"{field}.max", $"criterion {target.Code} already has maximum {max}");
                return Ok(Replace(rules, target.Code, n => n with { Max = max }));

            case RulesChangeKinds.ChangeMethod:
                target = Target(out missing);
                if (target is null) return (null, missing);
                if (!target.IsLeaf) return Fail($"{field}.criterion", $"'{target.Code}' has sub-criteria; only a leaf has a method");
                if (change.Method is null) return Fail($"{field}.method", "is required for changeMethod (scale, ratio, bands, survey, bonus or penalty)");
                return Ok(Replace(rules, target.Code, n => n with { Method = change.Method, Step = change.Step, Basis = change.Basis, Bands = change.Bands }));

            case RulesChangeKinds.ChangeBands:
                target = Target(out missing);
                if (target is null) return (null, missing);
                if (target.Method != LeafMethod.Bands) return Fail($"{field}.criterion", $"'{target.Code}' is not scored by bands; use changeMethod");
                if (change.Bands is null) return Fail($"{field}.bands", "is required for changeBands");
                return Ok(Replace(rules, target.Code, n => n with { Bands = change.Bands, Basis = change.Basis ?? n.Basis }));

            case RulesChangeKinds.ChangeClassBands:
                return change.ClassBands is null ? Fail($"{field}.classBands", "is required for changeClassBands") : Ok(rules with { ClassBands = change.ClassBands });

            case RulesChangeKinds.ChangeRounding:
                return change.Rounding is null ? Fail($"{field}.rounding", "is required for changeRounding") : Ok(rules with { Rounding = change.Rounding });

            case RulesChangeKinds.ChangeTieRule:
                return change.TieRule is null ? Fail($"{field}.tieRule", "is required for changeTieRule") : Ok(rules with { TieRule = change.TieRule });

            default:
                return Fail($"{field}.kind", $"must be one of {string.Join(", ", RulesChangeKinds.All)}");
        }

        static (CriteriaRules?, Refusal?) Ok(CriteriaRules r) => (r, null);
        static (CriteriaRules?, Refusal?) Fail(string f, string reason) => (null, Refusal.Invalid(f, reason));
    }

    /// <summary>The rules with the node <paramref name="code"/> replaced by <paramref name="change"/>'s result (removed when null).</summary>
    private static CriteriaRules Replace(CriteriaRules rules, string code, Func<CriterionNode, CriterionNode?> change)
    {
        IReadOnlyList<CriterionNode> Walk(IReadOnlyList<CriterionNode> nodes) =>
            nodes.Select(n => n.Code == code ? change(n) : n.IsLeaf ? n : n with { Children = Walk(n.Children!) })
                .OfType<CriterionNode>()
                .ToList();
        return rules with { Areas = Walk(rules.Areas) };
    }

    private static CriterionNode Nfc(CriterionNode node) =>
        node with { Title = Text.Nfc(node.Title)!, Children = node.Children?.Select(Nfc).ToList() };

    private static IEnumerable<string> Codes(CriterionNode node) =>
        new[] { node.Code }.Concat((node.Children ?? []).SelectMany(Codes));

    /// <summary>"criterion 2.1: " for a field path into the tree, so that a problem names the code the user wrote.</summary>
    private static string Describe(CriteriaRules rules, string field)
    {
        if (!field.StartsWith("areas[", StringComparison.Ordinal)) return "";
        IReadOnlyList<CriterionNode>? level = rules.Areas;
        CriterionNode? node = null;
        foreach (var part in field.Split('.'))
        {
            var open = part.IndexOf('[');
            if (open < 0 || level is null || !int.TryParse(part[(open + 1)..^1], out var i) || i >= level.Count) break;
            node = level[i];
            level = node?.Children;
        }
        return node?.Code is { } code ? $"criterion {code}: " : "";
    }
}
