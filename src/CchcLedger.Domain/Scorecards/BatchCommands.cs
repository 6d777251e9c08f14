namespace CchcLedger.Domain.Scorecards;

// Batches: one request for a phase of a whole scorecard or of a whole block, all or nothing. Each item is the
// single command it stands for and goes through the same decision; a refusal names its item (items[17].points).

/// <param name="Submit">Submit the self-assessment after the last item, in the same commit.</param>
public sealed record EnterSelfScores(IReadOnlyList<EnterSelfScore?>? Items, bool? Submit = null);

public sealed record RecordAppraisals(IReadOnlyList<RecordAppraisal?>? Items);

public sealed record AdjustPointsBatch(IReadOnlyList<AdjustPoints?>? Items);

public sealed record BlockSurveyItem(string? Agency, string? Criterion, decimal? Points, string? Source = null);

/// <summary>Survey points of a whole block (every agency's survey leaves) in one request.</summary>
public sealed record EnterBlockSurveyPoints(IReadOnlyList<BlockSurveyItem?>? Items);

public static class Batches
{
    /// <summary>A province's largest scorecard has about 90 leaves and its largest block about 200 agencies × 5 survey leaves.</summary>
    public const int MaxItems = 5000;

    /// <summary>The refusal of a batch's shape (none, too many, an empty item), before any item is decided.</summary>
    public static Refusal? Check<T>(IReadOnlyList<T?>? items) where T : class
    {
        if (items is null || items.Count == 0) return Refusal.Invalid("items", "is required: at least one item");
        if (items.Count > MaxItems) return Refusal.Invalid("items", $"must hold at most {MaxItems} items; send the rest in another request");
        for (var i = 0; i < items.Count; i++)
            if (items[i] is null) return Refusal.Invalid($"items[{i}]", "is empty: every item is a command");
        return null;
    }
}
