using System.Text.Json.Serialization;

namespace CchcLedger.Domain.Criteria;

/// <summary>How a leaf's points are given.</summary>
public enum LeafMethod
{
    /// <summary>Points from 0 to the maximum, in steps.</summary>
    Scale,
    /// <summary>numerator / denominator → maximum × ratio, capped at the maximum.</summary>
    Ratio,
    /// <summary>Points from the highest band whose minimum the measure (a percentage or a count) reaches.</summary>
    Bands,
    /// <summary>Sociological-survey points entered for the leaf, 0 to the maximum.</summary>
    Survey,
    /// <summary>Extra points, 0 to the maximum.</summary>
    Bonus,
    /// <summary>Deducted points, entered as a negative number down to minus the maximum.</summary>
    Penalty,
}

public enum BandBasis
{
    /// <summary>The measure is numerator / denominator as a percentage (0–100).</summary>
    Ratio,
    /// <summary>The measure is a whole count.</summary>
    Count,
}

public enum RoundingMode
{
    HalfUp,
    HalfEven,
    Down,
}

public sealed record Band(decimal Min, decimal Points);

public sealed record ClassBand(string Label, decimal Min);

/// <summary>Applied to every computed leaf value (ratios) and to the index.</summary>
public sealed record RoundingRule(int Decimals, RoundingMode Mode)
{
    public static readonly RoundingRule Default = new(2, RoundingMode.HalfUp);

    public decimal Apply(decimal value) => Mode switch
    {
        RoundingMode.HalfUp => Math.Round(value, Decimals, MidpointRounding.AwayFromZero),
        RoundingMode.HalfEven => Math.Round(value, Decimals, MidpointRounding.ToEven),
        _ => Math.Round(value, Decimals, MidpointRounding.ToZero),
    };
}

/// <summary>
/// How equal totals are ordered. <c>shared</c>: equal totals share a rank (1, 2, 2, 4).
/// <c>areas</c>: equal totals are ordered by the points of the listed areas, in order; still equal, they share a rank.
/// </summary>
public sealed record TieRule(string Kind, IReadOnlyList<string>? AreaOrder = null)
{
    public const string Shared = "shared";
    public const string Areas = "areas";
    public static readonly TieRule Default = new(Shared);
}

/// <summary>
/// One node of a criteria tree: an area, a criterion or a sub-criterion. A node with children sums them,
/// capped at its maximum and floored at zero; a node without children is a leaf and carries a method.
/// </summary>
public sealed record CriterionNode(
    string Code,
    string Title,
    decimal Max,
    LeafMethod? Method = null,
    decimal? Step = null,
    BandBasis? Basis = null,
    IReadOnlyList<Band>? Bands = null,
    IReadOnlyList<CriterionNode>? Children = null)
{
    // Derived values stay out of stored events and documents.
    [JsonIgnore]
    public bool IsLeaf => Children is null || Children.Count == 0;
}

/// <summary>
/// The scoring rules of one criteria-set version: the tree, the class bands, rounding and the tie rule.
/// <see cref="Retired"/> lists the codes retired by amendments: they are gone from the tree and never used again in this set.
/// </summary>
public sealed record CriteriaRules(
    IReadOnlyList<CriterionNode> Areas,
    IReadOnlyList<ClassBand> ClassBands,
    RoundingRule Rounding,
    TieRule TieRule,
    IReadOnlyList<string>? Retired = null)
{
    [JsonIgnore]
    public decimal MaxPoints => Areas.Sum(a => a.Max);

    public IEnumerable<CriterionNode> Nodes() => Areas.SelectMany(Walk);

    public IEnumerable<CriterionNode> Leaves() => Nodes().Where(n => n.IsLeaf);

    public CriterionNode? Find(string code) => Nodes().FirstOrDefault(n => n.Code == code);

    /// <summary>The class whose minimum the index reaches, the highest such band.</summary>
    public string Classify(decimal index) =>
        ClassBands.Where(b => index >= b.Min).OrderByDescending(b => b.Min).Select(b => b.Label).FirstOrDefault()
        ?? ClassBands.OrderBy(b => b.Min).First().Label;

    private static IEnumerable<CriterionNode> Walk(CriterionNode node) =>
        new[] { node }.Concat((node.Children ?? []).SelectMany(Walk));
}
