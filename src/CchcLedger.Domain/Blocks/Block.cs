namespace CchcLedger.Domain.Blocks;

/// <summary>
/// A ranking group (khối) as it stands now: data, not code, so that a province ranks the kinds of units it has
/// (departments, People's Committees of communes after 2025, provinces in a national ranking). <see cref="Id"/> is
/// its stream key, <see cref="Code"/> what URLs, agencies and criteria sets name.
/// </summary>
public sealed record Block(string Id, string Code, string Name, string? NameEn = null, bool Retired = false)
{
    public static string StreamKey(string code) => $"block-{code}";

    public static Block? Evolve(Block? state, object @event) => @event switch
    {
        BlockDefined e => new Block(StreamKey(e.Code), e.Code, e.Name, e.NameEn),
        BlockRenamed e => state! with { Name = e.Name, NameEn = e.NameEn ?? state.NameEn },
        BlockRetired => state! with { Retired = true },
        _ => state,
    };
}

/// <summary>
/// The blocks defined in the ledger, handed to pure decisions by the code that loaded them (decisions never query).
/// New agencies, moves and criteria sets need a block in use; reads accept a retired one, whose history stays.
/// </summary>
public sealed record BlockCatalog(IReadOnlyList<Block> All)
{
    public static readonly BlockCatalog Empty = new([]);

    public Block? Find(string? code) => code is null ? null : All.FirstOrDefault(b => b.Code == code);

    public bool IsDefined(string? code) => Find(code) is not null;

    public bool IsInUse(string? code) => Find(code) is { Retired: false };

    /// <summary>The stored Vietnamese name, or the code of a block never defined (an event older than block definitions).</summary>
    public string NameOf(string code) => Find(code)?.Name ?? code;

    public IEnumerable<string> Codes => All.Where(b => !b.Retired).Select(b => b.Code).Order(StringComparer.Ordinal);

    public string Describe() => All.Any(b => !b.Retired)
        ? $"blocks are {string.Join(", ", Codes)}"
        : "no block is defined yet: define one with POST /api/blocks";

    /// <summary>A refusal unless <paramref name="code"/> names a block in use (for what is written into it).</summary>
    public Refusal? RefuseUnlessInUse(string field, string? code) =>
        Find(code) switch
        {
            null => Refusal.Invalid(field, $"'{code}' is not a block; {Describe()}"),
            { Retired: true } => Refusal.Conflict(field, $"block '{code}' is retired; {Describe()}"),
            _ => null,
        };

    /// <summary>A refusal unless <paramref name="code"/> names a defined block, retired or not (for what is read from it).</summary>
    public Refusal? RefuseUnlessDefined(string field, string? code, RefusalKind kind = RefusalKind.NotFound) =>
        IsDefined(code) ? null : new Refusal(kind, field, $"'{code}' is not a block; {Describe()}");
}

public sealed record DefineBlock(string? Code, string? Name, string? NameEn = null, string? Reason = null, string? DecisionRef = null);

public sealed record RenameBlock(string? Name, string? NameEn, string? Reason, string? DecisionRef);

public sealed record RetireBlock(string? Reason, string? DecisionRef);

/// <summary>Decisions on blocks: pure functions of (state, command) → events or a refusal.</summary>
public static class BlockDecisions
{
    public static Decision Define(Block? existing, DefineBlock command)
    {
        if (string.IsNullOrWhiteSpace(command.Code)) return Refusal.Invalid("code", "is required and must not be empty");
        if (!Text.IsSlug(command.Code)) return Refusal.Invalid("code", "must be lower-case letters, digits and hyphens (at most 64), such as communes");
        var (name, nameError) = Text.Clean(command.Name, required: true);
        if (nameError is not null) return Refusal.Invalid("name", nameError);
        var (nameEn, enError) = Text.Clean(command.NameEn, required: false);
        if (enError is not null) return Refusal.Invalid("nameEn", enError);
        var (reason, reasonError) = Text.Clean(command.Reason, required: false, Text.LongMax);
        if (reasonError is not null) return Refusal.Invalid("reason", reasonError);
        var (decisionRef, refError) = Text.Clean(command.DecisionRef, required: false);
        if (refError is not null) return Refusal.Invalid("decisionRef", refError);
        if (existing is not null) return Refusal.Conflict("code", $"block '{command.Code}' is already defined");
        return Decision.Accept(new BlockDefined(command.Code, name!, nameEn, reason, decisionRef));
    }

    public static Decision Rename(Block block, RenameBlock command)
    {
        if (block.Retired) return Refusal.Conflict("code", $"block '{block.Code}' is retired");
        var (name, nameError) = Text.Clean(command.Name, required: true);
        if (nameError is not null) return Refusal.Invalid("name", nameError);
        var (nameEn, enError) = Text.Clean(command.NameEn, required: false);
        if (enError is not null) return Refusal.Invalid("nameEn", enError);
        if (Agencies.AgencyDecisions.Why(command.Reason, command.DecisionRef) is { } refusal) return refusal;
        if (name == block.Name && (nameEn is null || nameEn == block.NameEn)) return Refusal.Conflict("name", "is the block's current name");
        return Decision.Accept(new BlockRenamed(block.Code, name!, nameEn, Text.Clean(command.Reason, true, Text.LongMax).Value!, Text.Clean(command.DecisionRef, true).Value!));
    }

    public static Decision Retire(Block block, RetireBlock command)
    {
        if (block.Retired) return Refusal.Conflict("code", $"block '{block.Code}' is already retired");
        if (Agencies.AgencyDecisions.Why(command.Reason, command.DecisionRef) is { } refusal) return refusal;
        return Decision.Accept(new BlockRetired(block.Code, Text.Clean(command.Reason, true, Text.LongMax).Value!, Text.Clean(command.DecisionRef, true).Value!));
    }
}
