using CchcLedger.Domain.Criteria;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace CchcLedger.Projections;

/// <summary>The <see cref="CriteriaSet"/> document: each set at its latest rules version.</summary>
public sealed class CriteriaSetProjection : SingleStreamProjection<CriteriaSet, string>
{
    /// <summary>The events <see cref="CriteriaSet.Evolve"/> reacts to: a commit of other streams does not load the document (checked by ProjectionEventTypesTests).</summary>
    public CriteriaSetProjection()
    {
        IncludeType<CriteriaSetDrafted>();
        IncludeType<CriteriaSetAdopted>();
        IncludeType<CriteriaSetAmended>();
    }

    public override CriteriaSet? Evolve(CriteriaSet? snapshot, string id, IEvent e) => CriteriaSet.Evolve(snapshot, e.Data);
}
