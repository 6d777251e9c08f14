using CchcLedger.Domain.Criteria;

namespace CchcLedger.Domain.Tests;

/// <summary>Small criteria trees for the tests, built the way a criteria set is written.</summary>
public static class Rules
{
    /// <summary>The demo's four blocks, as a province defines them.</summary>
    public static readonly CchcLedger.Domain.Blocks.BlockCatalog TestBlocks = new([
        new("block-departments", "departments", "Khối sở, ban, ngành"),
        new("block-districts", "districts", "Khối UBND cấp huyện"),
        new("block-communes", "communes", "Khối UBND cấp xã"),
        new("block-special-units", "special-units", "Khối đơn vị đặc thù", Retired: true),
    ]);

    public static readonly IReadOnlyList<ClassBand> StandardBands =
        [new("Tốt", 80), new("Khá", 65), new("Trung bình", 50), new("Yếu", 0)];

    public static CriterionNode Scale(string code, decimal max, decimal step) => new(code, $"Tiêu chí {code}", max, LeafMethod.Scale, step);
    public static CriterionNode Ratio(string code, decimal max) => new(code, $"Tỷ lệ {code}", max, LeafMethod.Ratio);
    public static CriterionNode Survey(string code, decimal max) => new(code, $"Điều tra {code}", max, LeafMethod.Survey);
    public static CriterionNode Bonus(string code, decimal max) => new(code, $"Điểm thưởng {code}", max, LeafMethod.Bonus);
    public static CriterionNode Penalty(string code, decimal max) => new(code, $"Điểm trừ {code}", max, LeafMethod.Penalty);
    public static CriterionNode RatioBands(string code, decimal max, params (decimal Min, decimal Points)[] bands) =>
        new(code, $"Mức {code}", max, LeafMethod.Bands, Basis: BandBasis.Ratio, Bands: bands.Select(b => new Band(b.Min, b.Points)).ToList());
    public static CriterionNode CountBands(string code, decimal max, params (decimal Min, decimal Points)[] bands) =>
        new(code, $"Số lượng {code}", max, LeafMethod.Bands, Basis: BandBasis.Count, Bands: bands.Select(b => new Band(b.Min, b.Points)).ToList());
    public static CriterionNode Node(string code, decimal max, params CriterionNode[] children) => new(code, $"Lĩnh vực {code}", max, Children: children);

    public static CriteriaRules Of(params CriterionNode[] areas) =>
        new(areas, StandardBands, RoundingRule.Default, TieRule.Default);

    /// <summary>Area 1 (max 55, its children up to 60): a scale, a ratio, bands on a ratio and a count, bonus and penalty; area 2 (max 45): survey.</summary>
    public static CriteriaRules Sample() => Of(
        Node("1", 55,
            Scale("1.1", 20, 0.5m),
            Ratio("1.2", 10),
            RatioBands("1.3", 10, (100, 10), (80, 5), (0, 0)),
            CountBands("1.4", 15, (10, 15), (5, 10), (1, 5), (0, 0)),
            Bonus("1.5", 5),
            Penalty("1.6", 3)),
        Node("2", 45, Survey("2.1", 45)));
}
