namespace CchcLedger.Projections;

/// <summary>Who is acting: the authenticated principal of a request, or the ledger's own system principal.</summary>
/// <param name="TokenId">The bearer token's id (<c>jti</c>), for a script's request.</param>
/// <param name="AccountId">The login of the account signed in, for a person's request through the pages.</param>
public sealed record ActorInfo(string Name, string Role, IReadOnlyList<string> Agencies, string? TokenId, string? AccountId = null);

/// <summary>
/// The actor of the current request or operation, flowing with the async context. <see cref="LedgerClock"/> stamps it
/// on every event a commit appends (user name, and headers actorRole, actorAgencies, tokenId, accountId), so the record of who
/// did what comes from the authenticated principal and never from a request body.
/// </summary>
public static class CurrentActor
{
    private static readonly AsyncLocal<ActorInfo?> Actor = new();

    public static ActorInfo? Value => Actor.Value;

    public static IDisposable Use(ActorInfo actor)
    {
        var previous = Actor.Value;
        Actor.Value = actor;
        return new Restore(previous);
    }

    private sealed class Restore(ActorInfo? previous) : IDisposable
    {
        public void Dispose() => Actor.Value = previous;
    }
}
