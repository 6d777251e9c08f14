using CchcLedger.Domain.Agencies;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace CchcLedger.Projections;

/// <summary>The <see cref="Agency"/> document: each agency as it stands now, kept in the same transaction as its events.</summary>
public sealed class AgencyProjection : SingleStreamProjection<Agency, string>
{
    /// <summary>The events <see cref="Agency.Evolve"/> reacts to: a commit of other streams does not load the document (checked by ProjectionEventTypesTests).</summary>
    public AgencyProjection()
    {
        IncludeType<AgencyRegistered>();
        IncludeType<AgencyRenamed>();
        IncludeType<AgencyMovedToBlock>();
        IncludeType<AgencyDissolved>();
    }

    public override Agency? Evolve(Agency? snapshot, string id, IEvent e) => Agency.Evolve(snapshot, e.Data);
}
