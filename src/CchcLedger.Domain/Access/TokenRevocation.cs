namespace CchcLedger.Domain.Access;

// Stream: token-{tokenId}. A bearer token stays signed until it expires; revoking it is a fact of the ledger, so
// "who withdrew whose access, when, on which decision" is answered like every other question.

/// <summary>An administrator withdrew a token before its expiry: from this event on, every request bearing it is refused.</summary>
public sealed record TokenRevoked(string TokenId, string Reason, string? DecisionRef);

public sealed record RevokeToken(string? Reason, string? DecisionRef = null);

/// <summary>A revoked token as it stands; <see cref="Id"/> is its stream key.</summary>
public sealed record RevokedToken(string Id, string TokenId, string Reason, string? DecisionRef)
{
    public static string StreamKey(string tokenId) => $"token-{tokenId}";

    public static RevokedToken? Evolve(RevokedToken? state, object @event) => @event switch
    {
        TokenRevoked e => new RevokedToken(StreamKey(e.TokenId), e.TokenId, e.Reason, e.DecisionRef),
        _ => state,
    };
}

public static class TokenDecisions
{
    /// <summary>Token ids are what the ledger issues (a GUID's 32 hex digits) or what another issuer uses: short, printable, no spaces.</summary>
    public static bool IsTokenId(string? id) => id is { Length: > 0 and <= 64 } && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    public static Decision Revoke(RevokedToken? existing, string tokenId, RevokeToken command)
    {
        if (!IsTokenId(tokenId)) return Refusal.Invalid("tokenId", "must be the token's id (its jti claim): letters, digits, - or _, at most 64");
        var (reason, reasonError) = Text.Clean(command.Reason, required: true, Text.LongMax);
        if (reasonError is not null) return Refusal.Invalid("reason", reasonError);
        var (decisionRef, refError) = Text.Clean(command.DecisionRef, required: false);
        if (refError is not null) return Refusal.Invalid("decisionRef", refError);
        if (existing is not null) return Refusal.Conflict("tokenId", $"token {tokenId} is already revoked ({existing.Reason})");
        return Decision.Accept(new TokenRevoked(tokenId, reason!, decisionRef));
    }
}
