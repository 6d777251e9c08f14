using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using CchcLedger.Domain.Scoring;

namespace CchcLedger.Domain.Scorecards;

/// <summary>
/// A scorecard's values in a compact text: each leaf's self, appraised, adjusted and survey values, the appeals and
/// whether it was submitted; evidence, explanations and notes are left out. What scoring and explanations need of a
/// state, small enough to keep as a snapshot every few dozen events and to read two hundred of at once.
/// <see cref="Read"/> gives back the scorecard with exactly those values, which <see cref="Scorecard.Evolve"/> carries on from.
/// </summary>
public static class ScorecardValues
{
    private const string Version = "v1";
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Write(Scorecard card)
    {
        var text = new StringBuilder(Version).Append('\n')
            .Append($"card|{card.Id}|{card.Year}|{card.Agency}|{card.Block}|{card.CriteriaSetId}|{(card.Submitted ? 1 : 0)}\n");
        foreach (var (code, leaf) in card.Leaves)
            text.Append($"leaf|{code}|{Value(leaf.Self)}|{Value(leaf.Appraised)}|{Value(leaf.Adjusted)}|{Value(leaf.Survey)}\n");
        foreach (var a in card.Appeals?.Values ?? [])
            text.Append($"appeal|{a.Id}|{a.Criterion}|{a.Round}|{Number(a.CurrentPoints)}|{Number(a.RequestedPoints)}|{a.State}|{(a.DecidedPoints is { } d ? Number(d) : "")}\n");
        return text.ToString();
    }

    public static Scorecard Read(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length < 2 || lines[0] != Version) throw new FormatException("not a scorecard's values (v1)");
        var head = lines[1].Split('|');
        var leaves = ImmutableSortedDictionary.CreateBuilder<string, LeafState>(StringComparer.Ordinal);
        var appeals = ImmutableSortedDictionary.CreateBuilder<string, AppealState>(StringComparer.Ordinal);
        foreach (var line in lines.Skip(2))
        {
            var f = line.Split('|');
            if (f[0] == "leaf") leaves[f[1]] = new LeafState(Self: Parse(f[2]), Appraised: Parse(f[3]), Adjusted: Parse(f[4]), Survey: Parse(f[5]));
            else if (f[0] == "appeal")
                appeals[f[1]] = new AppealState(f[1], f[2], int.Parse(f[3], Invariant), decimal.Parse(f[4], Invariant), decimal.Parse(f[5], Invariant), f[6],
                    f[7].Length == 0 ? null : decimal.Parse(f[7], Invariant));
        }
        return new Scorecard(head[1], int.Parse(head[2], Invariant), head[3], head[4], head[5], head[6] == "1", leaves.ToImmutable(),
            appeals.Count == 0 ? null : appeals.ToImmutable());
    }

    private static string Number(decimal v) => v.ToString(Invariant);

    private static string Value(LeafValue? v) => v switch
    {
        null => "",
        { Points: { } p } => $"p{Number(p)}",
        { Count: { } c } => $"c{Number(c)}",
        { Numerator: { } n, Denominator: { } d } => $"r{Number(n)}/{Number(d)}",
        _ => "",
    };

    private static LeafValue? Parse(string text) => text.Length == 0 ? null : text[0] switch
    {
        'p' => LeafValue.OfPoints(decimal.Parse(text[1..], Invariant)),
        'c' => LeafValue.OfCount(decimal.Parse(text[1..], Invariant)),
        _ => text[1..].Split('/') is [var n, var d] ? LeafValue.OfRatio(decimal.Parse(n, Invariant), decimal.Parse(d, Invariant)) : null,
    };
}
