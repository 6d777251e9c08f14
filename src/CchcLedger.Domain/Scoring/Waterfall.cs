namespace CchcLedger.Domain.Scoring;

/// <summary>How much one stage of the year moved the points: the self-assessment, appraisal, survey, adjustments, appeal decisions, caps.</summary>
public sealed record WaterfallStage(string Stage, decimal Change);

/// <summary>One area's points as the sum of what each stage changed, then the cap (and floor) of its nodes.</summary>
public sealed record AreaWaterfall(string Code, string Title, decimal Max, IReadOnlyList<WaterfallStage> Stages, decimal Points);

/// <summary>The total built up stage by stage, per area and for the whole scorecard.</summary>
public sealed record ScoreWaterfall(IReadOnlyList<AreaWaterfall> Areas, IReadOnlyList<WaterfallStage> Stages, decimal Total);

/// <summary>
/// The derivation of a total read as a waterfall. Every derivation step carries the change it made to its leaf's final
/// points, and those changes add up to the leaf's final points; summing them by the kind of event that made them gives
/// what each stage contributed. The caps of the tree are a stage of their own: an area's points minus the sum of its
/// leaves. So each area's stages add up to its points and all of them to the total, exactly.
/// </summary>
public static class Waterfall
{
    public const string SelfScore = "selfScore";
    public const string Appraisal = "appraisal";
    public const string Survey = "survey";
    public const string Adjustment = "adjustment";
    public const string Appeal = "appeal";
    public const string Cap = "cap";

    /// <summary>The stages in the order a year runs through them.</summary>
    public static readonly IReadOnlyList<string> Stages = [SelfScore, Appraisal, Survey, Adjustment, Appeal, Cap];

    /// <summary>The stage a derivation step's kind belongs to.</summary>
    public static string StageOf(string kind) => kind switch
    {
        "selfScore" => SelfScore,
        "appraisal" or "appraisalAccepted" => Appraisal,
        "surveyPoints" => Survey,
        "adjustment" => Adjustment,
        _ when kind.StartsWith("appeal", StringComparison.Ordinal) => Appeal,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "a derivation step of no known stage"),
    };

    public static ScoreWaterfall Of(IReadOnlyList<LeafDerivation> leaves, IReadOnlyList<NodeTotal> nodes, decimal total)
    {
        // A child's code extends its parent's, so a leaf's area is the first part of its code.
        static string AreaOf(string code) => code.Split('.')[0];
        var byArea = leaves.GroupBy(l => AreaOf(l.Code)).ToDictionary(g => g.Key, g => g.ToList());
        var areaCodes = nodes.Select(n => n.Code).Where(c => !c.Contains('.'))
            .Concat(byArea.Keys).Distinct().ToList();

        var areas = new List<AreaWaterfall>();
        foreach (var code in areaCodes)
        {
            var own = byArea.GetValueOrDefault(code) ?? [];
            var node = nodes.FirstOrDefault(n => n.Code == code);
            var leaf = own.FirstOrDefault(l => l.Code == code);
            var points = node?.Points ?? leaf?.Final ?? 0m;
            var sums = Stages.Take(Stages.Count - 1).ToDictionary(s => s, _ => 0m);
            foreach (var step in own.SelectMany(l => l.Steps)) sums[StageOf(step.Kind)] += step.Change;
            var stages = sums.Select(kv => new WaterfallStage(kv.Key, kv.Value)).ToList();
            stages.Add(new WaterfallStage(Cap, points - own.Sum(l => l.Final)));
            areas.Add(new AreaWaterfall(code, node?.Title ?? leaf?.Title ?? code, node?.Max ?? leaf?.Max ?? 0m, stages, points));
        }
        var totals = Stages.Select(s => new WaterfallStage(s, areas.Sum(a => a.Stages.Single(x => x.Stage == s).Change))).ToList();
        return new ScoreWaterfall(areas, totals, total);
    }
}
