namespace CchcLedger.Domain;

public enum RefusalKind
{
    /// <summary>The request itself is wrong (400).</summary>
    Invalid,
    /// <summary>Something the request names does not exist (404).</summary>
    NotFound,
    /// <summary>The request is well-formed but the ledger's state does not allow it (409).</summary>
    Conflict,
    /// <summary>The request was made on a version of the record that is no longer the current one (412).</summary>
    Stale,
}

/// <summary>Why a command was refused: which field, and the reason, in words a user can act on.</summary>
public sealed record Refusal(RefusalKind Kind, string Field, string Reason)
{
    public static Refusal Invalid(string field, string reason) => new(RefusalKind.Invalid, field, reason);
    public static Refusal NotFound(string field, string reason) => new(RefusalKind.NotFound, field, reason);
    public static Refusal Conflict(string field, string reason) => new(RefusalKind.Conflict, field, reason);
    public static Refusal Stale(string field, string reason) => new(RefusalKind.Stale, field, reason);

    /// <summary>The same refusal of one item of a batch: <c>points</c> of item 17 is <c>items[17].points</c>.</summary>
    public Refusal OfItem(int index, string list = "items") => this with { Field = $"{list}[{index}].{Field}" };
}

/// <summary>The outcome of a pure decision: the events to append, or a refusal. Nothing is written on a refusal.</summary>
public sealed class Decision
{
    private Decision(IReadOnlyList<object> events, Refusal? refusal) => (Events, Refusal) = (events, refusal);

    public IReadOnlyList<object> Events { get; }
    public Refusal? Refusal { get; }
    public bool IsRefused => Refusal is not null;

    public static Decision Accept(params object[] events) => new(events, null);
    public static Decision Refuse(Refusal refusal) => new([], refusal);

    public static implicit operator Decision(Refusal refusal) => Refuse(refusal);
}
