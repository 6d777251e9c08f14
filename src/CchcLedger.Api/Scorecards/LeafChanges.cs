using CchcLedger.Domain.Scorecards;
using JasperFx.Events;
using Marten;

namespace CchcLedger.Api.Scorecards;

/// <summary>
/// What changed one leaf (or one appeal) of a scorecard since a version a page was rendered at. A page's form guards the
/// value it shows, not the whole scorecard: an officer saving criterion 1.2 is not refused because a colleague saved 3.1
/// meanwhile, but is refused when 1.2 itself was changed after the page was opened (as If-Match would refuse it).
/// </summary>
public static class LeafChanges
{
    /// <summary>The first event after version <paramref name="seen"/> of the stream that <paramref name="touches"/> says matters; null when none did.</summary>
    public static async Task<IEvent?> SinceAsync(IQuerySession session, string streamKey, long seen, Func<object, bool> touches, CancellationToken ct = default) =>
        (await session.Events.FetchStreamAsync(streamKey, fromVersion: seen + 1, token: ct)).FirstOrDefault(e => touches(e.Data));

    /// <summary>Whether an event set the value of <paramref name="criterion"/> (or ended the time its self-score could be changed).</summary>
    public static bool SetsLeaf(object data, string criterion) => data switch
    {
        SelfScoreEntered e => e.Criterion == criterion,
        AppraisalRecorded e => e.Criterion == criterion,
        PointsAdjusted e => e.Criterion == criterion,
        SurveyPointsEntered e => e.Criterion == criterion,
        AppealDecided e => e.Criterion == criterion && e.Points is not null,
        AppealFiled e => e.Criterion == criterion,
        _ => false,
    };

    public static bool ChangesAppeal(object data, string appealId) => data switch
    {
        AppealWithdrawn e => e.AppealId == appealId,
        AppealDecided e => e.AppealId == appealId,
        _ => false,
    };
}
