using CchcLedger.Domain.Criteria;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace CchcLedger.Projections;

/// <summary>The <see cref="CriteriaSet"/> document: each set at its latest rules version.</summary>
public sealed class CriteriaSetProjection : SingleStreamProjection<CriteriaSet, string>
{
    public override CriteriaSet? Evolve(CriteriaSet? snapshot, string id, IEvent e) => CriteriaSet.Evolve(snapshot, e.Data);
}
