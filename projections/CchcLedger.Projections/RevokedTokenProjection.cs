using CchcLedger.Domain.Access;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace CchcLedger.Projections;

/// <summary>The <see cref="RevokedToken"/> document, kept in the revoking transaction: the token is refused from the next request on.</summary>
public sealed class RevokedTokenProjection : SingleStreamProjection<RevokedToken, string>
{
    /// <summary>The events <see cref="RevokedToken.Evolve"/> reacts to: a commit of other streams does not load the document (checked by ProjectionEventTypesTests).</summary>
    public RevokedTokenProjection()
    {
        IncludeType<TokenRevoked>();
    }

    public override RevokedToken? Evolve(RevokedToken? snapshot, string id, IEvent e) => RevokedToken.Evolve(snapshot, e.Data);
}
