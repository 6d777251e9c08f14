using CchcLedger.Domain.Criteria;
using CchcLedger.Domain.Scorecards;
using CchcLedger.Domain.Scoring;

namespace CchcLedger.Domain.Imports;

/// <summary>The phase of a year an imported value belongs to: each takes effect on its own date.</summary>
public enum ImportPhase
{
    SelfAssessment,
    Appraisal,
    Survey,
}

/// <summary>When each phase took effect (the dates the file or the command gives), and whether self-assessments are submitted.</summary>
public sealed record ScoreImportOptions(string FileName, bool Submit = true);

/// <summary>One decision of an import against a scorecard, with the cell it comes from.</summary>
public sealed record ScoreStep(int Row, string Column, ImportPhase Phase, Func<Scorecard, CriteriaRules, Decision> Decide);

/// <summary>
/// Self-scores, appraisals and survey points of a whole block, one row per agency and leaf: the agency's code, the
/// criterion's code, and any of the self-score, the appraised value and the survey points (a number — <c>18,5</c> or
/// <c>18.5</c> —, a ratio <c>9/10</c>, or a count for count bands), with evidence, explanation and the appraisal's note.
/// Each value becomes the command a person would have sent, decided by the same decisions.
/// </summary>
public static class ScoresImport
{
    public static readonly ImportColumn[] Columns =
    [
        new("agency", true, "Mã đơn vị", "Đơn vị", "Agency"),
        new("criterion", true, "Mã tiêu chí", "Tiêu chí", "STT", "Criterion"),
        new("self", false, "Tự chấm", "Điểm tự chấm", "Tự đánh giá", "Điểm tự đánh giá", "Self"),
        new("appraised", false, "Thẩm định", "Điểm thẩm định", "Appraised"),
        new("survey", false, "Điều tra XHH", "Điểm điều tra XHH", "Điều tra xã hội học", "Survey"),
        new("evidence", false, "Tài liệu kiểm chứng", "Evidence"),
        new("explanation", false, "Giải trình", "Explanation"),
        new("note", false, "Ý kiến thẩm định", "Ghi chú thẩm định", "Note"),
    ];

    public sealed record Row(RawRow Source, string Agency, string Criterion, string? Self, string? Appraised, string? Survey, string? Evidence, string? Explanation, string? Note);

    public static (ImportTable? Table, IReadOnlyList<Row> Rows, IReadOnlyList<ImportProblem> Problems) Read(IReadOnlyList<RawSheet> sheets)
    {
        if (sheets.Count == 0) return (null, [], [new ImportProblem("(tệp)", null, null, "Tệp không có trang tính nào.")]);
        var (table, missing) = ImportTable.Locate(sheets[0], Columns);
        if (table is null) return (null, [], [missing!]);
        var problems = new List<ImportProblem>();
        if (!table.Has("self") && !table.Has("appraised") && !table.Has("survey"))
            return (table, [], [new ImportProblem(table.Sheet, table.HeaderRow, null, "Bảng cần ít nhất một cột điểm: “Tự chấm”, “Thẩm định” hoặc “Điều tra XHH”.")]);
        var rows = new List<Row>();
        var seen = new Dictionary<(string, string), int>();
        foreach (var row in table.Rows)
        {
            var agency = table.Cell(row, "agency");
            var criterion = table.Cell(row, "criterion")?.TrimEnd('.');
            if (agency is null) { problems.Add(table.Problem(row, "agency", "Thiếu mã đơn vị.")); continue; }
            if (criterion is null) { problems.Add(table.Problem(row, "criterion", "Thiếu mã tiêu chí.")); continue; }
            if (seen.TryGetValue((agency, criterion), out var first)) { problems.Add(table.Problem(row, "criterion", $"Tiêu chí {criterion} của {agency} đã có ở dòng {first}.")); continue; }
            seen[(agency, criterion)] = row.Number;
            var ok = true;
            foreach (var key in new[] { "self", "appraised", "survey" })
                if (table.Cell(row, key) is { } text && ImportNumbers.Parse(text) is null && ImportNumbers.ParseRatio(text) is null)
                {
                    problems.Add(table.Problem(row, key, $"“{text}” không phải là số điểm (ví dụ 18,5) hay tỷ lệ (ví dụ 9/10)."));
                    ok = false;
                }
            if (ok) rows.Add(new Row(row, agency, criterion, table.Cell(row, "self"), table.Cell(row, "appraised"), table.Cell(row, "survey"),
                table.Cell(row, "evidence"), table.Cell(row, "explanation"), table.Cell(row, "note")));
        }
        if (table.Rows.Count == 0) problems.Add(new ImportProblem(table.Sheet, null, null, "Bảng không có dòng số liệu nào."));
        return (table, rows, problems);
    }

    /// <summary>Each agency's decisions in the order a year runs: self-scores, submission, appraisals, survey points.</summary>
    public static IReadOnlyList<(string Agency, IReadOnlyList<ScoreStep> Steps)> Steps(IReadOnlyList<Row> rows, ScoreImportOptions options)
    {
        var result = new List<(string, IReadOnlyList<ScoreStep>)>();
        foreach (var agency in rows.GroupBy(r => r.Agency))
        {
            var steps = new List<ScoreStep>();
            foreach (var r in agency.Where(r => r.Self is not null))
                steps.Add(new(r.Source.Number, "self", ImportPhase.SelfAssessment, (card, rules) =>
                {
                    var evidence = r.Evidence is null ? null : new[] { new EvidenceInput($"Tài liệu kiểm chứng tiêu chí {r.Criterion}", r.Evidence) };
                    var explanation = r.Explanation ?? (evidence is null ? $"Số liệu nhập từ tệp {options.FileName}, dòng {r.Source.Number}" : null);
                    var v = Value(rules, r.Criterion, r.Self!);
                    return ScorecardDecisions.EnterSelfScore(card, rules, new EnterSelfScore(r.Criterion, v.Points, v.Numerator, v.Denominator, v.Count, evidence, explanation));
                }));
            var last = agency.LastOrDefault(r => r.Self is not null);
            if (options.Submit && last is not null)
                steps.Add(new(last.Source.Number, "agency", ImportPhase.SelfAssessment, ScorecardDecisions.Submit));
            foreach (var r in agency.Where(r => r.Appraised is not null))
                steps.Add(new(r.Source.Number, "appraised", ImportPhase.Appraisal, (card, rules) =>
                {
                    var v = Value(rules, r.Criterion, r.Appraised!);
                    // The same value as the self-score is the council accepting it.
                    if (card.Leaf(r.Criterion)?.Self == v && r.Note is null)
                        return ScorecardDecisions.RecordAppraisal(card, rules, new RecordAppraisal(r.Criterion, Accept: true));
                    return ScorecardDecisions.RecordAppraisal(card, rules, new RecordAppraisal(r.Criterion, null, v.Points, v.Numerator, v.Denominator, v.Count,
                        r.Note ?? $"Điểm thẩm định theo tệp {options.FileName}, dòng {r.Source.Number}"));
                }));
            foreach (var r in agency.Where(r => r.Survey is not null))
                steps.Add(new(r.Source.Number, "survey", ImportPhase.Survey, (card, rules) =>
                    ScorecardDecisions.EnterSurveyPoints(card, rules, new EnterSurveyPoints(r.Criterion, ImportNumbers.Parse(r.Survey), $"{options.FileName}, dòng {r.Source.Number}"))));
            result.Add((agency.Key, steps));
        }
        return result;
    }

    /// <summary>The column a refusal of a step points at: a value's field is the step's own column.</summary>
    public static string ColumnOf(ScoreStep step, Refusal refusal) => refusal.Field switch
    {
        "criterion" when step.Column != "agency" => "criterion",
        "explanation" => "explanation",
        "note" => "note",
        var f when f.StartsWith("evidence", StringComparison.Ordinal) => "evidence",
        "agency" or "year" or "submission" => "agency",
        _ => step.Column,
    };

    /// <summary>A cell's value for the leaf it is entered for: a ratio as written, a count for count bands, points otherwise.</summary>
    public static LeafValue Value(CriteriaRules rules, string criterion, string text)
    {
        if (ImportNumbers.ParseRatio(text) is var (n, d)) return LeafValue.OfRatio(n, d);
        var number = ImportNumbers.Parse(text) ?? 0;
        var leaf = rules.Leaves().FirstOrDefault(l => l.Code == criterion);
        return leaf is { Method: LeafMethod.Bands, Basis: BandBasis.Count } ? LeafValue.OfCount(number) : LeafValue.OfPoints(number);
    }
}
