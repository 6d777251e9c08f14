namespace CchcLedger.Domain.Criteria;

/// <summary>
/// The scoring rules for one year and one block, at its latest rules version: drafting is version 1, each amendment
/// the next (adoption does not change the rules). <see cref="Id"/> is its stream key.
/// </summary>
public sealed record CriteriaSet(
    string Id,
    string SetId,
    int Year,
    string Block,
    string Title,
    CriteriaRules Rules,
    int RulesVersion,
    bool Adopted = false,
    string? AdoptionDecisionRef = null,
    SetRef? CopiedFrom = null)
{
    public static string StreamKey(string setId) => $"criteria-set-{setId}";

    public static CriteriaSet? Evolve(CriteriaSet? state, object @event) => @event switch
    {
        CriteriaSetDrafted e => new CriteriaSet(StreamKey(e.SetId), e.SetId, e.Year, e.Block, e.Title, e.Rules, RulesVersion: 1, CopiedFrom: e.CopiedFrom),
        CriteriaSetAdopted e => state! with { Adopted = true, AdoptionDecisionRef = e.DecisionRef },
        CriteriaSetAmended e => state! with { Rules = e.Rules, RulesVersion = e.RulesVersion },
        _ => state,
    };

    /// <summary>The set at rules version <paramref name="version"/>: the last state of its events (in order) that had it.</summary>
    public static CriteriaSet? AtVersion(IEnumerable<object> events, int version)
    {
        CriteriaSet? state = null, found = null;
        foreach (var e in events)
        {
            state = Evolve(state, e);
            if (state?.RulesVersion == version) found = state;
        }
        return found;
    }
}

public sealed record DraftCriteriaSet(
    string? Id,
    int? Year,
    string? Block,
    string? Title,
    IReadOnlyList<CriterionNode>? Areas,
    IReadOnlyList<ClassBand>? ClassBands,
    RoundingRule? Rounding,
    TieRule? TieRule,
    string? CopyFrom = null);

public sealed record AdoptCriteriaSet(string? DecisionRef, string? Reason);

public static class CriteriaSetDecisions
{
    public const int FirstYear = 2000;
    public const int LastYear = 2100;

    public static Refusal? CheckYear(int year, string field = "year") =>
        year is < FirstYear or > LastYear ? Refusal.Invalid(field, $"must be a year between {FirstYear} and {LastYear}") : null;

    /// <param name="source">With <c>copyFrom</c>: the set to copy, at the version asked for (its latest when none is).</param>
    public static Decision Draft(CriteriaSet? existing, DraftCriteriaSet command, Blocks.BlockCatalog blocks, CriteriaSet? source = null)
    {
        if (string.IsNullOrWhiteSpace(command.Id)) return Refusal.Invalid("id", "is required and must not be empty");
        if (!Text.IsSlug(command.Id)) return Refusal.Invalid("id", "must be lower-case letters, digits and hyphens (at most 64), such as 2017-districts");
        if (command.Year is null) return Refusal.Invalid("year", "is required");
        if (CheckYear(command.Year.Value) is { } badYear) return badYear;
        if (command.CopyFrom is not null)
        {
            if (SetRef.Parse(command.CopyFrom) is null) return Refusal.Invalid("copyFrom", "must be a set id, or {setId}@{version}, such as 2017-districts@2");
            if (source is null) return Refusal.NotFound("copyFrom", $"'{command.CopyFrom}' is not a criteria set version");
        }
        var block = command.Block ?? source?.Block;
        if (blocks.RefuseUnlessInUse("block", block) is { } badBlock) return badBlock;
        var (title, titleError) = Text.Clean(command.Title, required: true);
        if (titleError is not null) return Refusal.Invalid("title", titleError);

        CriteriaRules rules;
        if (source is not null)
        {
            if (command.Areas is not null || command.ClassBands is not null || command.Rounding is not null || command.TieRule is not null)
                return Refusal.Invalid("copyFrom", "give either copyFrom or the rules (areas, classBands, rounding, tieRule), not both; amend the copy afterwards");
            // The copy starts a new set: codes retired from the source may be used again in it.
            rules = source.Rules with { Retired = null };
        }
        else
        {
            rules = new CriteriaRules(command.Areas!, command.ClassBands!, command.Rounding ?? RoundingRule.Default, command.TieRule ?? TieRule.Default);
            if (CriteriaRulesCheck.Check(rules) is { } problem) return problem;
        }
        var (normalised, textProblem) = NormaliseText(rules);
        if (textProblem is not null) return textProblem;

        if (existing is not null) return Refusal.Conflict("id", $"criteria set '{command.Id}' already exists");
        var copiedFrom = source is null ? null : new SetRef(source.SetId, source.RulesVersion);
        return Decision.Accept(new CriteriaSetDrafted(command.Id, command.Year.Value, block!, title!, normalised!, copiedFrom));
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

    internal static (CriteriaRules? Rules, Refusal? Problem) NormaliseText(CriteriaRules rules)
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
