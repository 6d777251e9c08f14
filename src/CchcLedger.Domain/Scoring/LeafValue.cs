using CchcLedger.Domain.Criteria;

namespace CchcLedger.Domain.Scoring;

/// <summary>
/// What was entered for a leaf, as entered: points (scale, survey, bonus, penalty), numerator and denominator
/// (ratio, bands on a ratio) or a count (bands on a count). Points are computed from it under the rules in force,
/// so the same entries can be scored again under any rules version.
/// </summary>
public sealed record LeafValue(decimal? Points = null, decimal? Numerator = null, decimal? Denominator = null, decimal? Count = null)
{
    public static LeafValue OfPoints(decimal points) => new(Points: points);
    public static LeafValue OfRatio(decimal numerator, decimal denominator) => new(Numerator: numerator, Denominator: denominator);
    public static LeafValue OfCount(decimal count) => new(Count: count);

    /// <summary>Whether this value fits the leaf's method and range; field names are relative to the request body.</summary>
    public Refusal? CheckFor(CriterionNode leaf)
    {
        switch (leaf.Method)
        {
            case LeafMethod.Ratio:
            case LeafMethod.Bands when leaf.Basis == BandBasis.Ratio:
                if (Points is not null || Count is not null)
                    return Refusal.Invalid(Points is not null ? "points" : "count", $"leaf {leaf.Code} is scored from a ratio: send numerator and denominator");
                if (Numerator is null) return Refusal.Invalid("numerator", $"is required for leaf {leaf.Code} (scored from a ratio)");
                if (Denominator is null) return Refusal.Invalid("denominator", $"is required for leaf {leaf.Code} (scored from a ratio)");
                if (Denominator <= 0) return Refusal.Invalid("denominator", "must be greater than 0");
                // The figures as reported: a numerator above the denominator (revenue beyond its estimate) is real and
                // is stored as it is; scoring caps the points at the leaf's maximum.
                return Numbers.Check(Numerator.Value, "numerator", 0m, Numbers.MaxMeasure)
                    ?? Numbers.Check(Denominator.Value, "denominator", 0m, Numbers.MaxMeasure);

            case LeafMethod.Bands:
                if (Points is not null || Numerator is not null || Denominator is not null)
                    return Refusal.Invalid(Points is not null ? "points" : "numerator", $"leaf {leaf.Code} is scored from a count: send count");
                if (Count is null) return Refusal.Invalid("count", $"is required for leaf {leaf.Code} (scored from a count)");
                if (Count < 0) return Refusal.Invalid("count", "must not be negative");
                if (Count % 1 != 0) return Refusal.Invalid("count", "must be a whole number");
                return Numbers.Check(Count.Value, "count", 0m, Numbers.MaxCount);

            default:
                if (Numerator is not null || Denominator is not null || Count is not null)
                    return Refusal.Invalid(Count is not null ? "count" : "numerator", $"leaf {leaf.Code} is scored in points: send points");
                if (Points is null) return Refusal.Invalid("points", $"is required for leaf {leaf.Code}");
                var (low, high) = leaf.Method == LeafMethod.Penalty ? (-leaf.Max, 0m) : (0m, leaf.Max);
                if (Points < low)
                    return Refusal.Invalid("points", leaf.Method == LeafMethod.Penalty
                        ? $"must not be below -{leaf.Max} (the penalty floor of leaf {leaf.Code})"
                        : $"must not be below 0");
                if (Points > high)
                    return Refusal.Invalid("points", leaf.Method == LeafMethod.Penalty
                        ? $"must not be above 0 (leaf {leaf.Code} is a penalty: enter the deduction as a negative number)"
                        : $"must not be above the maximum {leaf.Max} of leaf {leaf.Code}");
                if (leaf.Step is { } step && Points.Value % step != 0)
                    return Refusal.Invalid("points", $"must be a multiple of the step {step} of leaf {leaf.Code}");
                return Numbers.Check(Points.Value, "points", low, high);
        }
    }

    /// <summary>
    /// The points this value gives the leaf: exact decimal arithmetic, computed ratios rounded as the set says. Null
    /// when the value cannot be scored by the leaf's method (a ratio or a count entered for a leaf that is now scored
    /// in points, under another rules version); points given outright (a council's appeal decision) stand within the leaf's range.
    /// </summary>
    public decimal? PointsFor(CriterionNode leaf, RoundingRule rounding)
    {
        if (Points is { } direct)
            return leaf.Method == LeafMethod.Penalty ? Math.Clamp(direct, -leaf.Max, 0m) : Math.Clamp(direct, 0m, leaf.Max);
        switch (leaf.Method)
        {
            case LeafMethod.Ratio when Numerator is { } n && Denominator is > 0 and { } d:
                return Math.Min(leaf.Max, rounding.Apply(leaf.Max * n / d));
            case LeafMethod.Bands when Measure(leaf.Basis) is { } measure:
                return leaf.Bands!.Where(b => measure >= b.Min).OrderByDescending(b => b.Min).Select(b => b.Points).FirstOrDefault();
            default:
                return null;
        }
    }

    private decimal? Measure(BandBasis? basis) => basis switch
    {
        BandBasis.Ratio when Numerator is { } n && Denominator is > 0 and { } d => n * 100m / d,
        BandBasis.Count => Count,
        _ => null,
    };

    public override string ToString() =>
        Points is { } p ? p.ToString(System.Globalization.CultureInfo.InvariantCulture)
        : Count is { } c ? $"count {c}"
        : $"{Numerator}/{Denominator}";
}
