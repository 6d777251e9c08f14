using CchcLedger.Api.Rankings;

namespace CchcLedger.Api.Web;

/// <summary>The as-of control of a page: the instant read at (null: now), a refusal of what was typed, and the year's milestones as links.</summary>
public sealed record AsOfView(UiText T, string Path, DateTimeOffset? AsOf, string? Typed, string? Error, IReadOnlyList<Milestone> Milestones, DateTimeOffset Now,
    Projections.TimeAxis Axis = Projections.TimeAxis.Effective)
{
    /// <summary>The milestone links: only instants already recorded (an appeal window may end in the future).</summary>
    public IEnumerable<Milestone> Reachable => Milestones.Where(m => m.At <= Now);
}
