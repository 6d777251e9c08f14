using CchcLedger.Domain.Appeals;
using CchcLedger.Domain.Publications;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace CchcLedger.Projections;

/// <summary>The <see cref="ResultsRound"/> document: the latest results round of a year and block.</summary>
public sealed class ResultsRoundProjection : SingleStreamProjection<ResultsRound, string>
{
    /// <summary>The events <see cref="ResultsRound.Evolve"/> reacts to: a commit of other streams does not load the document (checked by ProjectionEventTypesTests).</summary>
    public ResultsRoundProjection()
    {
        IncludeType<PreliminaryResultsIssued>();
        IncludeType<AppealWindowClosed>();
        IncludeType<RankingPublished>();
    }

    public override ResultsRound? Evolve(ResultsRound? snapshot, string id, IEvent e) => ResultsRound.Evolve(snapshot, e.Data);
}
