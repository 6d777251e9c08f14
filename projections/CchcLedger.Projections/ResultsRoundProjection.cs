using CchcLedger.Domain.Appeals;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace CchcLedger.Projections;

/// <summary>The <see cref="ResultsRound"/> document: the latest results round of a year and block.</summary>
public sealed class ResultsRoundProjection : SingleStreamProjection<ResultsRound, string>
{
    public override ResultsRound? Evolve(ResultsRound? snapshot, string id, IEvent e) => ResultsRound.Evolve(snapshot, e.Data);
}
