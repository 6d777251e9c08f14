namespace CchcLedger.Domain.Criteria;

/// <summary>The scoring rules for one year and one block, at its latest rules version (drafting is version 1; adoption does not change the rules). <see cref="Id"/> is its stream key.</summary>
public sealed record CriteriaSet(
    string Id,
    string SetId,
    int Year,
    string Block,
    string Title,
    CriteriaRules Rules,
    int RulesVersion,
    bool Adopted = false,
    string? AdoptionDecisionRef = null)
{
    public static string StreamKey(string setId) => $"criteria-set-{setId}";

    public static CriteriaSet? Evolve(CriteriaSet? state, object @event) => @event switch
    {
        CriteriaSetDrafted e => new CriteriaSet(StreamKey(e.SetId), e.SetId, e.Year, e.Block, e.Title, e.Rules, RulesVersion: 1),
        CriteriaSetAdopted e => state! with { Adopted = true, AdoptionDecisionRef = e.DecisionRef },
        _ => state,
    };
}

public sealed record DraftCriteriaSet(
    string? Id,
    int? Year,
    string? Block,
    string? Title,
    IReadOnlyList<CriterionNode>? Areas,
    IReadOnlyList<ClassBand>? ClassBands,
    RoundingRule? Rounding,
    TieRule? TieRule);

public sealed record AdoptCriteriaSet(string? DecisionRef, string? Reason);

public static class CriteriaSetDecisions
{
    public const int FirstYear = 2000;
    public const int LastYear = 2100;

    public static Refusal? CheckYear(int year, string field = "year") =>
        year is < FirstYear or > LastYear ? Refusal.Invalid(field, $"must be a year between {FirstYear} and {LastYear}") : null;

    public static Decision Draft(CriteriaSet? existing, DraftCriteriaSet command)
    {
        if (string.IsNullOrWhiteSpace(command.Id)) return Refusal.Invalid("id", "is required and must not be empty");
        if (!Text.IsSlug(command.Id)) return Refusal.Invalid("id", "must be lower-case letters, digits and hyphens (at most 64), such as 2017-districts");
        if (command.Year is null) return Refusal.Invalid("year", "is required");
        if (CheckYear(command.Year.Value) is { } badYear) return badYear;
        if (!Blocks.IsKnown(command.Block)) return Refusal.Invalid("block", $"'{command.Block}' is not a block; blocks are {Blocks.Describe()}");
        var (title, titleError) = Text.Clean(command.Title, required: true);
        if (titleError is not null) return Refusal.Invalid("title", titleError);

        var rules = new CriteriaRules(command.Areas!, command.ClassBands!, command.Rounding ?? RoundingRule.Default, command.TieRule ?? TieRule.Default);
        if (CriteriaRulesCheck.Check(rules) is { } problem) return problem;
        var (normalised, textProblem) = NormaliseText(rules);
        if (textProblem is not null) return textProblem;

        if (existing is not null) return Refusal.Conflict("id", $"criteria set '{command.Id}' already exists");
        return Decision.Accept(new CriteriaSetDrafted(command.Id, command.Year.Value, command.Block!, title!, normalised!));
    }

    /// <param name="adoptedForSameYearAndBlock">The id of a set already adopted for this set's year and block, if any.</param>
    public static Decision Adopt(CriteriaSet set, string? adoptedForSameYearAndBlock, AdoptCriteriaSet command)
    {
        var (decisionRef, refError) = Text.Clean(command.DecisionRef, required: true);
        if (refError is not null) return Refusal.Invalid("decisionRef", refError);
        var (reason, reasonError) = Text.Clean(command.Reason, required: false, Text.LongMax);
        if (reasonError is not null) return Refusal.Invalid("reason", reasonError);
        if (set.Adopted) return Refusal.Conflict("setId", $"criteria set '{set.SetId}' is already adopted (decision {set.AdoptionDecisionRef})");
        if (adoptedForSameYearAndBlock is not null)
            return Refusal.Conflict("setId", $"criteria set '{adoptedForSameYearAndBlock}' is already adopted for {set.Year} {set.Block}");
        return Decision.Accept(new CriteriaSetAdopted(set.SetId, set.Year, set.Block, decisionRef!, reason));
    }

    private static (CriteriaRules? Rules, Refusal? Problem) NormaliseText(CriteriaRules rules)
    {
        Refusal? problem = null;
        CriterionNode Node(CriterionNode n, string field)
        {
            var (title, error) = Text.Clean(n.Title, required: true);
            if (error is not null) problem ??= Refusal.Invalid($"{field}.title", error);
            var children = n.Children?.Select((c, i) => Node(c, $"{field}.children[{i}]")).ToList();
            return n with { Title = title ?? n.Title, Children = children is { Count: > 0 } ? children : null };
        }
        var areas = rules.Areas.Select((a, i) => Node(a, $"areas[{i}]")).ToList();
        var bands = rules.ClassBands.Select((b, i) =>
        {
            var (label, error) = Text.Clean(b.Label, required: true);
            if (error is not null) problem ??= Refusal.Invalid($"classBands[{i}].label", error);
            return b with { Label = label ?? b.Label };
        }).OrderByDescending(b => b.Min).ToList();
        return problem is null ? (rules with { Areas = areas, ClassBands = bands }, null) : (null, problem);
    }
}
