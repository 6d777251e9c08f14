using CchcLedger.Api.Hosting;
using CchcLedger.Domain.Access;
using Marten;
using Wolverine.Http;

namespace CchcLedger.Api.Access;

public static class RevokeTokenEndpoint
{
    /// <summary>An administrator withdraws a token (by its <c>jti</c>) before it expires; every later request bearing it is a 401.</summary>
    [Api("Thu hồi token", "Revoke a token")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<RevokedToken>(201)]
    [Refuses(400, 409)]
    [WolverinePost("/api/tokens/{tokenId}/revocation")]
    public static async Task<IResult> Post(string tokenId, RevokeToken command, IDocumentSession session)
    {
        var existing = TokenDecisions.IsTokenId(tokenId) ? await session.LoadAsync<RevokedToken>(RevokedToken.StreamKey(tokenId)) : null;
        var decision = TokenDecisions.Revoke(existing, tokenId, command);
        if (decision.Refusal is { } refusal) return Problems.For(refusal);
        // Starting the stream makes a second, concurrent revocation of the same token fail instead of landing twice.
        session.Events.StartStream<RevokedToken>(RevokedToken.StreamKey(tokenId), decision.Events.ToArray());
        await session.SaveChangesAsync();
        return Results.Created($"/api/tokens/{tokenId}/revocation", decision.Events.Aggregate((RevokedToken?)null, RevokedToken.Evolve));
    }
}

public static class ListRevokedTokensEndpoint
{
    /// <summary>Every revoked token with its reason and decision; who revoked it and when are in the events' metadata.</summary>
    [Api("Danh sách token đã thu hồi", "List revoked tokens")]
    [WolverineGet("/api/tokens/revocations")]
    public static async Task<IReadOnlyList<RevokedToken>> Get(IQuerySession session) =>
        (await session.Query<RevokedToken>().ToListAsync()).OrderBy(t => t.TokenId, StringComparer.Ordinal).ToList();
}
