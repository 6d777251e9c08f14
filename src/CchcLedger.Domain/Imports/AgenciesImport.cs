using CchcLedger.Domain.Agencies;

namespace CchcLedger.Domain.Imports;

/// <summary>The agencies of a block as provinces list them: a code and a name per row (a block column may name another defined block).</summary>
public static class AgenciesImport
{
    public static readonly ImportColumn[] Columns =
    [
        new("code", true, "Mã", "Mã đơn vị", "Mã cơ quan", "Code"),
        new("name", true, "Tên đơn vị", "Tên cơ quan, đơn vị", "Cơ quan, đơn vị", "Đơn vị", "Tên", "Name"),
        new("block", false, "Khối", "Block"),
    ];

    public sealed record Row(RawRow Source, RegisterAgency Command);

    public static (ImportTable? Table, IReadOnlyList<Row> Rows, IReadOnlyList<ImportProblem> Problems) Read(IReadOnlyList<RawSheet> sheets, string? block)
    {
        if (sheets.Count == 0) return (null, [], [new ImportProblem("(tệp)", null, null, "Tệp không có trang tính nào.")]);
        var (table, missing) = ImportTable.Locate(sheets[0], Columns);
        if (table is null) return (null, [], [missing!]);
        var problems = new List<ImportProblem>();
        var rows = new List<Row>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in table.Rows)
        {
            var code = table.Cell(row, "code");
            var name = table.Cell(row, "name");
            if (code is null) { problems.Add(table.Problem(row, "code", "Thiếu mã đơn vị.")); continue; }
            if (!Text.IsSlug(code)) { problems.Add(table.Problem(row, "code", $"“{code}” không phải mã hợp lệ: chữ thường không dấu, chữ số và dấu gạch nối, ví dụ huu-lung.")); continue; }
            if (seen.TryGetValue(code, out var first)) { problems.Add(table.Problem(row, "code", $"Mã {code} đã có ở dòng {first}.")); continue; }
            seen[code] = row.Number;
            var rowBlock = table.Cell(row, "block") ?? block;
            if (rowBlock is null) { problems.Add(table.Problem(row, table.Has("block") ? "block" : "code", "Chưa biết khối của đơn vị: ghi cột Khối hoặc chọn khối khi nhập.")); continue; }
            rows.Add(new Row(row, new RegisterAgency(code, name, rowBlock)));
        }
        if (table.Rows.Count == 0) problems.Add(new ImportProblem(table.Sheet, null, null, "Bảng không có đơn vị nào."));
        return (table, rows, problems);
    }

    /// <summary>The column of a refusal of one row's registration.</summary>
    public static string ColumnOf(Refusal refusal) => refusal.Field switch { "name" => "name", "block" => "block", _ => "code" };
}
