using System.Text.RegularExpressions;
using CchcLedger.Domain.Criteria;

namespace CchcLedger.Domain.Imports;

/// <summary>What the file does not say about a criteria set: its id, year, block and title, and the class bands where it has no sheet of them.</summary>
public sealed record CriteriaImportOptions(string? SetId, int? Year, string? Block, string? Title, IReadOnlyList<ClassBand>? ClassBands = null,
    RoundingRule? Rounding = null, TieRule? TieRule = null);

/// <summary>The draft a criteria appendix gives, with the row of every node (to name a refusal of the set by its row).</summary>
public sealed record CriteriaPlan(DraftCriteriaSet Draft, IReadOnlyDictionary<string, int> RowOfCode, string Sheet);

/// <summary>
/// Reads a criteria set as provinces publish it as the appendix of their decision: one row per node with its number
/// (<c>STT</c>: 1, 1.1, 1.1.2 — the tree is recognised from the codes), its content, its maximum points and, for the
/// leaves, the method, step and bands; the class bands in a sheet "Xếp loại" (or given with the command).
/// </summary>
public static partial class CriteriaImport
{
    public static readonly ImportColumn[] Columns =
    [
        new("code", true, "STT", "Mã", "Mã tiêu chí", "Số thứ tự", "Code"),
        new("title", true, "Nội dung", "Nội dung tiêu chí", "Lĩnh vực, tiêu chí", "Tiêu chí", "Tên tiêu chí", "Title"),
        new("max", true, "Điểm tối đa", "Điểm chuẩn", "Điểm tối đa (điểm)", "Max"),
        new("method", false, "Phương pháp", "Phương pháp chấm", "Cách chấm", "Method"),
        new("step", false, "Bước", "Bước điểm", "Step"),
        new("bands", false, "Mức", "Mức điểm", "Các mức", "Bands"),
        new("basis", false, "Cơ sở", "Cơ sở tính", "Basis"),
    ];

    public static readonly ImportColumn[] BandColumns =
    [
        new("label", true, "Xếp loại", "Loại", "Label"),
        new("min", true, "Từ", "Từ (%)", "Chỉ số từ", "Điểm từ", "Min"),
    ];

    public const string BandsSheet = "Xếp loại";

    public static (CriteriaPlan? Plan, IReadOnlyList<ImportProblem> Problems) Read(IReadOnlyList<RawSheet> sheets, CriteriaImportOptions options)
    {
        var problems = new List<ImportProblem>();
        var bandSheet = sheets.FirstOrDefault(s => string.Equals(s.Name, BandsSheet, StringComparison.OrdinalIgnoreCase));
        var treeSheet = sheets.FirstOrDefault(s => s != bandSheet);
        if (treeSheet is null) return (null, [new ImportProblem("(tệp)", null, null, "Tệp không có trang tính nào.")]);
        var (table, missing) = ImportTable.Locate(treeSheet, Columns);
        if (table is null) return (null, [missing!]);

        // Every row with a number is a node; its parent is the number without its last part (1.1.2 → 1.1).
        var nodes = new List<(string Code, RawRow Row, string Title, decimal Max, LeafMethod? Method, decimal? Step, BandBasis? Basis, IReadOnlyList<Band>? Bands)>();
        var rowOf = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in table.Rows)
        {
            var rawCode = table.Cell(row, "code");
            var title = table.Cell(row, "title");
            if (rawCode is null)
            {
                // Totals and section captions without a number are not nodes.
                if (title is null || title.StartsWith("Tổng", StringComparison.OrdinalIgnoreCase) || table.Cell(row, "max") is null) continue;
                problems.Add(table.Problem(row, "code", "Dòng có nội dung và điểm nhưng không có số thứ tự (mã tiêu chí): không biết đặt vào đâu trong cây."));
                continue;
            }
            var code = rawCode.TrimEnd('.');
            if (!CodePattern().IsMatch(code))
            {
                problems.Add(table.Problem(row, "code", $"“{rawCode}” không phải số thứ tự dạng 1, 1.1, 1.1.2."));
                continue;
            }
            if (rowOf.TryGetValue(code, out var first))
            {
                problems.Add(table.Problem(row, "code", $"Mã {code} đã có ở dòng {first}."));
                continue;
            }
            rowOf[code] = row.Number;
            if (title is null) problems.Add(table.Problem(row, "title", $"Tiêu chí {code} chưa có nội dung."));
            var max = ImportNumbers.Parse(table.Cell(row, "max"));
            if (max is null) problems.Add(table.Problem(row, "max", table.Cell(row, "max") is { } m ? $"“{m}” không phải là số điểm." : $"Tiêu chí {code} chưa có điểm tối đa."));
            LeafMethod? method = null;
            if (table.Cell(row, "method") is { } methodText)
            {
                method = MethodOf(methodText);
                if (method is null) problems.Add(table.Problem(row, "method", $"“{methodText}” không phải phương pháp chấm; dùng: thang điểm, tỷ lệ, theo mức, điều tra XHH, điểm thưởng, điểm trừ."));
            }
            decimal? step = null;
            if (table.Cell(row, "step") is { } stepText && (step = ImportNumbers.Parse(stepText)) is null)
                problems.Add(table.Problem(row, "step", $"“{stepText}” không phải là số."));
            BandBasis? basis = null;
            if (table.Cell(row, "basis") is { } basisText && (basis = BasisOf(basisText)) is null)
                problems.Add(table.Problem(row, "basis", $"“{basisText}” không phải cơ sở tính mức; dùng: tỷ lệ hoặc số lượng."));
            IReadOnlyList<Band>? bands = null;
            if (table.Cell(row, "bands") is { } bandsText && (bands = BandsOf(bandsText)) is null)
                problems.Add(table.Problem(row, "bands", $"“{bandsText}” không đọc được các mức; viết như “100%: 1; 80%: 0,5; 0%: 0” (mức: điểm, cách nhau bởi dấu chấm phẩy)."));
            nodes.Add((code, row, title ?? "", max ?? 0, method, step, basis, bands));
        }

        var codes = nodes.Select(n => n.Code).ToHashSet(StringComparer.Ordinal);
        foreach (var n in nodes)
            if (Parent(n.Code) is { } parent && !codes.Contains(parent))
                problems.Add(table.Problem(n.Row, "code", $"Tiêu chí {n.Code} không có tiêu chí cha {parent} trong bảng."));
        foreach (var n in nodes.Where(n => !nodes.Any(c => Parent(c.Code) == n.Code)))
        {
            if (n.Method is null && table.Cell(n.Row, "method") is null)
                problems.Add(table.Problem(n.Row, table.Has("method") ? "method" : "code", $"Tiêu chí {n.Code} không có tiêu chí con nên phải có phương pháp chấm."));
            if (n.Method == LeafMethod.Bands && n.Bands is null && table.Cell(n.Row, "bands") is null)
                problems.Add(table.Problem(n.Row, table.Has("bands") ? "bands" : "method", $"Tiêu chí {n.Code} chấm theo mức nhưng chưa ghi các mức."));
        }
        if (nodes.Count == 0) problems.Add(new ImportProblem(table.Sheet, null, null, "Bảng không có tiêu chí nào."));

        var classBands = options.ClassBands;
        if (bandSheet is not null) classBands = ReadBands(bandSheet, problems);
        else if (classBands is null)
            problems.Add(new ImportProblem(table.Sheet, null, null, $"Thiếu thang xếp loại: thêm trang tính “{BandsSheet}” (cột Xếp loại, Từ) hoặc ghi thang xếp loại khi nhập."));
        if (problems.Count > 0) return (null, problems);

        CriterionNode Build((string Code, RawRow Row, string Title, decimal Max, LeafMethod? Method, decimal? Step, BandBasis? Basis, IReadOnlyList<Band>? Bands) n)
        {
            var children = nodes.Where(c => Parent(c.Code) == n.Code).Select(Build).ToList();
            return children.Count > 0
                ? new CriterionNode(n.Code, n.Title, n.Max, Children: children)
                : new CriterionNode(n.Code, n.Title, n.Max, n.Method, n.Method == LeafMethod.Scale ? n.Step ?? 0.25m : n.Step,
                    n.Method == LeafMethod.Bands ? n.Basis ?? BandBasis.Ratio : n.Basis, n.Bands);
        }
        var areas = nodes.Where(n => Parent(n.Code) is null).Select(Build).ToList();
        var draft = new DraftCriteriaSet(options.SetId, options.Year, options.Block, options.Title, areas, classBands,
            options.Rounding ?? RoundingRule.Default, options.TieRule ?? TieRule.Default);
        return (new CriteriaPlan(draft, rowOf, table.Sheet), []);
    }

    /// <summary>The row and column of a refusal of the drafted set: <c>areas[0].children[2].max</c> is the row of that node, column max.</summary>
    public static ImportProblem ProblemOf(CriteriaPlan plan, Refusal refusal, Func<string, string> column)
    {
        var path = FieldPath().Matches(refusal.Field);
        IReadOnlyList<CriterionNode>? level = plan.Draft.Areas;
        CriterionNode? node = null;
        foreach (Match step in path)
        {
            var index = int.Parse(step.Groups[2].Value);
            if (level is null || index >= level.Count) break;
            node = level[index];
            level = node.Children;
        }
        var last = refusal.Field.Split('.')[^1];
        var key = last.StartsWith("bands", StringComparison.Ordinal) ? "bands" : last is "max" or "method" or "step" or "basis" or "title" ? last : "code";
        return node is not null && plan.RowOfCode.TryGetValue(node.Code, out var row)
            ? new ImportProblem(plan.Sheet, row, column(key), ImportText.Vi(refusal))
            : new ImportProblem(plan.Sheet, null, null, ImportText.Vi(refusal));
    }

    private static IReadOnlyList<ClassBand>? ReadBands(RawSheet sheet, List<ImportProblem> problems)
    {
        var (table, missing) = ImportTable.Locate(sheet, BandColumns);
        if (table is null) { problems.Add(missing!); return null; }
        var bands = new List<ClassBand>();
        foreach (var row in table.Rows)
        {
            var label = table.Cell(row, "label");
            var min = ImportNumbers.Parse(table.Cell(row, "min"));
            if (label is null) problems.Add(table.Problem(row, "label", "Thiếu tên loại."));
            if (min is null) problems.Add(table.Problem(row, "min", table.Cell(row, "min") is { } m ? $"“{m}” không phải là số." : "Thiếu mức chỉ số tối thiểu của loại."));
            if (label is not null && min is not null) bands.Add(new ClassBand(label, min.Value));
        }
        return bands;
    }

    public static string? Parent(string code) => code.LastIndexOf('.') is var i and > 0 ? code[..i] : null;

    public static LeafMethod? MethodOf(string text) => Words(text) switch
    {
        "thang điểm" or "chấm điểm" or "điểm" or "scale" => LeafMethod.Scale,
        "tỷ lệ" or "tỉ lệ" or "ratio" => LeafMethod.Ratio,
        "theo mức" or "mức" or "bands" => LeafMethod.Bands,
        "điều tra xhh" or "điều tra xã hội học" or "điều tra" or "survey" => LeafMethod.Survey,
        "điểm thưởng" or "thưởng" or "bonus" => LeafMethod.Bonus,
        "điểm trừ" or "trừ" or "penalty" => LeafMethod.Penalty,
        _ => null,
    };

    private static BandBasis? BasisOf(string text) => Words(text) switch
    {
        "tỷ lệ" or "tỉ lệ" or "ratio" or "%" => BandBasis.Ratio,
        "số lượng" or "số" or "count" => BandBasis.Count,
        _ => null,
    };

    /// <summary>"100%: 1; 80%: 0,5; 0%: 0" or "≥ 4: 20; ≥ 2: 10; 0: 0": the measure's minimum, then the points, highest first or not.</summary>
    public static IReadOnlyList<Band>? BandsOf(string text)
    {
        var bands = new List<Band>();
        foreach (var part in text.Split([';', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var pair = part.Split([':', '→', '='], StringSplitOptions.TrimEntries);
            if (pair.Length != 2) return null;
            var min = ImportNumbers.Parse(pair[0].TrimStart('≥', '>', '=', ' ').Replace("từ", "", StringComparison.OrdinalIgnoreCase));
            var points = ImportNumbers.Parse(pair[1].Replace("điểm", "", StringComparison.OrdinalIgnoreCase));
            if (min is null || points is null) return null;
            bands.Add(new Band(min.Value, points.Value));
        }
        return bands.Count == 0 ? null : bands.OrderByDescending(b => b.Min).ToList();
    }

    private static string Words(string text) =>
        string.Join(' ', text.ToLower(System.Globalization.CultureInfo.GetCultureInfo("vi-VN")).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    [GeneratedRegex(@"^[0-9]{1,3}(\.[0-9]{1,3}){0,6}$")]
    private static partial Regex CodePattern();

    [GeneratedRegex(@"(areas|children)\[([0-9]+)\]")]
    private static partial Regex FieldPath();
}
