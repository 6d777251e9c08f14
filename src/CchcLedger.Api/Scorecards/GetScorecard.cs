using CchcLedger.Api.Hosting;
using CchcLedger.Projections;
using Marten;
using Wolverine.Http;

namespace CchcLedger.Api.Scorecards;

public static class GetScorecardEndpoint
{
    /// <summary>The scorecard now, or <c>?asOf=</c> as recorded at that instant, under the rules then in force.</summary>
    [WolverineGet("/api/years/{year}/scorecards/{agency}")]
    public static async Task<IResult> Get(int year, string agency, DateTimeOffset? asOf, IQuerySession session, TimeProvider clock)
    {
        if (History.Check(asOf, clock) is { } future) return Problems.For(future);
        var (view, refusal) = await ScorecardView.LoadAsync(session, year, agency, asOf is { } t ? new Cut(t) : null);
        return refusal is not null ? Problems.For(refusal) : Results.Ok(view);
    }
}
