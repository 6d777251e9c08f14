using CchcLedger.Api.Rankings;

namespace CchcLedger.Api.Web;

/// <summary>The two instants of an explanation, what was typed when refused, and the milestones to pick pairs from.</summary>
public sealed record PeriodView(UiText T, string Path, DateTimeOffset? From, DateTimeOffset? To, string? FromTyped, string? ToTyped,
    string? FromError, string? ToError, IReadOnlyList<Milestone> Milestones, DateTimeOffset Now, Projections.TimeAxis Axis = Projections.TimeAxis.Effective)
{
    /// <summary>Pairs worth a click: each milestone to the next, and each publication to the next one (or to now).</summary>
    public IEnumerable<(Milestone From, Milestone? To)> Suggestions()
    {
        var reachable = Milestones.Where(m => m.At <= Now && m.Kind != "windowEnds").ToList();
        for (var i = 0; i + 1 < reachable.Count; i++) yield return (reachable[i], reachable[i + 1]);
        if (reachable.LastOrDefault() is { } last) yield return (last, null);
        var publications = reachable.Where(m => m.Kind == "publication").ToList();
        for (var i = 0; i + 1 < publications.Count; i++)
            if (reachable.IndexOf(publications[i + 1]) != reachable.IndexOf(publications[i]) + 1) yield return (publications[i], publications[i + 1]);
    }

    public string Link(Milestone from, Milestone? to) =>
        $"{Path}?from={Uri.EscapeDataString(Format.AsOfValue(from.At))}" + (to is null ? "" : $"&to={Uri.EscapeDataString(Format.AsOfValue(to.At))}");
}
