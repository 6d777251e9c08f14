using CchcLedger.Domain.Scorecards;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace CchcLedger.Projections;

/// <summary>
/// The <see cref="Scorecard"/> document: what was entered for every leaf. Points, totals, classes and ranks are
/// computed from it on read under the criteria set in force, so a change of rules needs no rebuild.
/// </summary>
public sealed class ScorecardProjection : SingleStreamProjection<Scorecard, string>
{
    public override Scorecard? Evolve(Scorecard? snapshot, string id, IEvent e) => Scorecard.Evolve(snapshot, e.Data);
}
