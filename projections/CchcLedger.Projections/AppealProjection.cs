using CchcLedger.Domain.Scorecards;
using JasperFx.Events;
using Marten;

namespace CchcLedger.Projections;

/// <summary>An appeal as listed: whose, on which leaf, asking what, where it stands. Its full history is on the scorecard stream.</summary>
public sealed record AppealView(
    string Id,
    string ScorecardId,
    int Year,
    string Block,
    string Agency,
    string Criterion,
    int Round,
    decimal CurrentPoints,
    decimal RequestedPoints,
    string State,
    decimal? DecidedPoints,
    string? DecisionRef,
    DateTimeOffset FiledAt,
    DateTimeOffset? ClosedAt);

/// <summary>Keeps <see cref="AppealView"/>s from the appeal events of scorecard streams: called by <see cref="LedgerClock"/> in the appending transaction.</summary>
public static class AppealProjection
{
    /// <param name="cards">Each scorecard this commit appends to, as the commit leaves it, by stream key.</param>
    public static async Task RecordAsync(IDocumentSession session, IReadOnlyList<StreamAction> streams, IReadOnlyDictionary<string, Scorecard> cards,
        DateTimeOffset recordedAt, CancellationToken ct)
    {
        // An appeal filed and closed in one commit is not in the database yet: its copy from this commit is used then.
        var touched = new Dictionary<string, AppealView>();
        async Task<AppealView> LoadAsync(string id) =>
            touched.GetValueOrDefault(id) ?? await session.LoadAsync<AppealView>(id, ct) ?? throw new InvalidOperationException($"appeal {id} has no view to update");

        foreach (var stream in streams.Where(s => s.Events.Any(e => e.Data is AppealFiled or AppealWithdrawn or AppealDecided)))
        {
            var card = cards[stream.Key!];
            foreach (var e in stream.Events)
            {
                var view = e.Data switch
                {
                    AppealFiled => Apply(null, card, e.Data, recordedAt),
                    AppealWithdrawn w => Apply(await LoadAsync(w.AppealId), card, e.Data, recordedAt),
                    AppealDecided d => Apply(await LoadAsync(d.AppealId), card, e.Data, recordedAt),
                    _ => null,
                };
                if (view is null) continue;
                touched[view.Id] = view;
                session.Store(view);
            }
        }
    }

    /// <summary>The one rule of the view, shared by the commit-time projection and the projection audit: an appeal event recorded at <paramref name="recordedAt"/>.</summary>
    public static AppealView? Apply(AppealView? existing, Scorecard card, object @event, DateTimeOffset recordedAt) => @event switch
    {
        AppealFiled f => new AppealView(f.AppealId, card.Id, card.Year, card.Block, card.Agency, f.Criterion, f.Round, f.CurrentPoints,
            f.RequestedPoints, Domain.Appeals.AppealStates.Open, null, null, recordedAt, null),
        AppealWithdrawn when existing is not null => existing with { State = Domain.Appeals.AppealStates.Withdrawn, ClosedAt = recordedAt },
        AppealDecided d when existing is not null => existing with { State = d.Outcome, DecidedPoints = d.Points, DecisionRef = d.DecisionRef, ClosedAt = recordedAt },
        _ => existing,
    };
}
