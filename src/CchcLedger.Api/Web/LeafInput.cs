using CchcLedger.Domain.Criteria;
using CchcLedger.Domain.Scoring;

namespace CchcLedger.Api.Web;

/// <summary>
/// The value fields of one leaf in a form, as its method takes them: points (scale, bonus, penalty, survey), numerator
/// and denominator (ratio, bands on a ratio) or a count (bands on a count), with a hint of the range.
/// </summary>
/// <param name="Form">The form's name on the page (the leaf's code, or the code and the action): refused values are shown again for it alone.</param>
/// <param name="Id">The prefix of the fields' ids, unique on the page.</param>
public sealed record LeafInput(WorkPage Page, string Form, string Id, CriterionNode Leaf, LeafValue? Current)
{
    public WorkText W => Page.W;

    public bool Ratio => Leaf.Method is LeafMethod.Ratio || Leaf.Method is LeafMethod.Bands && Leaf.Basis == BandBasis.Ratio;
    public bool Count => Leaf.Method is LeafMethod.Bands && Leaf.Basis == BandBasis.Count;

    /// <summary>What the leaf's method allows, in words.</summary>
    public string Hint()
    {
        var t = Page.T;
        var f = t.Format;
        return Leaf.Method switch
        {
            LeafMethod.Scale => t.Fmt(W.ScaleHint, f.Number(Leaf.Max), f.Number(Leaf.Step ?? 0.25m)),
            LeafMethod.Penalty => t.Fmt(W.PenaltyHint, f.Number(Leaf.Max)),
            LeafMethod.Ratio => t.Fmt(W.RatioHint, f.Number(Leaf.Max)),
            LeafMethod.Bands => t.Fmt(W.BandsHint, string.Join("; ", (Leaf.Bands ?? []).OrderByDescending(b => b.Min)
                .Select(b => t.Fmt(Leaf.Basis == BandBasis.Ratio ? W.BandRatio : W.BandCount, f.Number(b.Min), f.Number(b.Points))))),
            _ => t.Fmt(W.BonusHint, f.Number(Leaf.Max)),
        };
    }

    /// <summary>A value as written in a sentence: 0,75 · 9/10 · 4.</summary>
    public static string Describe(Format f, LeafValue? v) => v switch
    {
        null => "—",
        { Points: { } p } => f.Number(p),
        { Numerator: { } n, Denominator: { } d } => $"{f.Number(n)}/{f.Number(d)}",
        { Count: { } c } => f.Number(c),
        _ => "—",
    };
}

/// <summary>The nodes of a scored tree in reading order, with their depth (0: an area).</summary>
public static class Tree
{
    public static IEnumerable<(ScoredNode Node, int Depth)> Walk(IEnumerable<ScoredNode> nodes, int depth = 0)
    {
        foreach (var node in nodes)
        {
            yield return (node, depth);
            foreach (var child in Walk(node.Children, depth + 1)) yield return child;
        }
    }

    /// <summary>An element id from a criterion's code: 1.2.3 → tc-1-2-3.</summary>
    public static string Id(string code) => "tc-" + code.Replace('.', '-');
}
