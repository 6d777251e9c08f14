namespace CchcLedger.Domain.Agencies;

/// <summary>A scored unit as it stands now. <see cref="Id"/> is its stream key, <see cref="Code"/> its code.</summary>
public sealed record Agency(string Id, string Code, string Name, string Block, bool Active = true, string? MergedInto = null)
{
    public static string StreamKey(string code) => $"agency-{code}";

    public static Agency? Evolve(Agency? state, object @event) => @event switch
    {
        AgencyRegistered e => new Agency(StreamKey(e.Code), e.Code, e.Name, e.Block),
        AgencyRenamed e => state! with { Name = e.Name },
        AgencyMovedToBlock e => state! with { Block = e.Block },
        AgencyDissolved e => state! with { Active = false, MergedInto = e.MergedInto },
        _ => state,
    };
}

public sealed record RegisterAgency(string? Code, string? Name, string? Block);

public sealed record RenameAgency(string? Name, string? Reason, string? DecisionRef);

public sealed record MoveAgencyToBlock(string? Block, string? Reason, string? DecisionRef);

public sealed record DissolveAgency(string? MergedInto, string? Reason, string? DecisionRef);

/// <summary>Decisions on agencies: pure functions of (state, command) → events or a refusal.</summary>
public static class AgencyDecisions
{
    public static Decision Register(Agency? existing, RegisterAgency command, Blocks.BlockCatalog blocks)
    {
        if (string.IsNullOrWhiteSpace(command.Code)) return Refusal.Invalid("code", "is required and must not be empty");
        if (!Text.IsSlug(command.Code)) return Refusal.Invalid("code", "must be lower-case letters, digits and hyphens (at most 64), such as huu-lung");
        var (name, nameError) = Text.Clean(command.Name, required: true);
        if (nameError is not null) return Refusal.Invalid("name", nameError);
        if (blocks.RefuseUnlessInUse("block", command.Block) is { } badBlock) return badBlock;
        if (existing is not null) return Refusal.Conflict("code", $"agency '{command.Code}' is already registered");
        return Decision.Accept(new AgencyRegistered(command.Code, name!, command.Block!));
    }

    public static Decision Rename(Agency agency, RenameAgency command)
    {
        if (!agency.Active) return Refusal.Conflict("code", $"agency '{agency.Code}' is dissolved");
        var (name, nameError) = Text.Clean(command.Name, required: true);
        if (nameError is not null) return Refusal.Invalid("name", nameError);
        if (Why(command.Reason, command.DecisionRef) is { } refusal) return refusal;
        if (name == agency.Name) return Refusal.Conflict("name", "is the agency's current name");
        return Decision.Accept(new AgencyRenamed(agency.Code, name!, Clean(command.Reason), Clean(command.DecisionRef)));
    }

    public static Decision MoveToBlock(Agency agency, MoveAgencyToBlock command, Blocks.BlockCatalog blocks)
    {
        if (!agency.Active) return Refusal.Conflict("code", $"agency '{agency.Code}' is dissolved");
        if (blocks.RefuseUnlessInUse("block", command.Block) is { } badBlock) return badBlock;
        if (Why(command.Reason, command.DecisionRef) is { } refusal) return refusal;
        if (command.Block == agency.Block) return Refusal.Conflict("block", $"agency '{agency.Code}' is already in block '{agency.Block}'");
        return Decision.Accept(new AgencyMovedToBlock(agency.Code, command.Block!, Clean(command.Reason), Clean(command.DecisionRef)));
    }

    public static Decision Dissolve(Agency agency, Agency? mergedInto, DissolveAgency command)
    {
        if (!agency.Active) return Refusal.Conflict("code", $"agency '{agency.Code}' is already dissolved");
        if (command.MergedInto is not null)
        {
            if (mergedInto is null) return Refusal.NotFound("mergedInto", $"agency '{command.MergedInto}' is not registered");
            if (mergedInto.Code == agency.Code) return Refusal.Invalid("mergedInto", "an agency cannot be merged into itself");
            if (!mergedInto.Active) return Refusal.Conflict("mergedInto", $"agency '{mergedInto.Code}' is dissolved");
        }
        if (Why(command.Reason, command.DecisionRef) is { } refusal) return refusal;
        return Decision.Accept(new AgencyDissolved(agency.Code, command.MergedInto, Clean(command.Reason), Clean(command.DecisionRef)));
    }

    /// <summary>A change to an agency needs a reason and the decision behind it.</summary>
    internal static Refusal? Why(string? reason, string? decisionRef)
    {
        var (_, reasonError) = Text.Clean(reason, required: true, Text.LongMax);
        if (reasonError is not null) return Refusal.Invalid("reason", reasonError);
        var (_, refError) = Text.Clean(decisionRef, required: true);
        return refError is not null ? Refusal.Invalid("decisionRef", refError) : null;
    }

    private static string Clean(string? value) => Text.Clean(value, required: true, Text.LongMax).Value!;
}
