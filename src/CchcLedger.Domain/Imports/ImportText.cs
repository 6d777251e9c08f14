using System.Text.RegularExpressions;

namespace CchcLedger.Domain.Imports;

/// <summary>
/// A refusal of the ledger's decisions said in Vietnamese for the person who prepared the file. The decisions speak
/// English to API clients; an import names the cell and says what is wrong with it in the file's language. The
/// common refusals are translated; any other keeps the ledger's words after a Vietnamese lead.
/// </summary>
public static partial class ImportText
{
    public static string Vi(Refusal refusal)
    {
        var r = refusal.Reason;
        Match m;
        if (r.StartsWith("is required", StringComparison.Ordinal)) return "Bắt buộc phải có, không được để trống.";
        if ((m = Between().Match(r)).Success) return $"Phải nằm trong khoảng từ {m.Groups[1].Value} đến {m.Groups[2].Value}.";
        if ((m = Step().Match(r)).Success) return $"Phải là bội số của bước điểm {m.Groups[1].Value} của tiêu chí {m.Groups[2].Value}.";
        if ((m = AboveMax().Match(r)).Success) return $"Vượt quá điểm tối đa {m.Groups[1].Value} của tiêu chí.";
        if (r.StartsWith("must not be below 0", StringComparison.Ordinal)) return "Không được âm.";
        if (r.Contains("is a penalty", StringComparison.Ordinal)) return "Tiêu chí điểm trừ: ghi số âm.";
        if (r.Contains("penalty floor", StringComparison.Ordinal)) return "Vượt quá mức trừ tối đa của tiêu chí.";
        if ((m = NotCriterion().Match(r)).Success) return $"“{m.Groups[1].Value}” không phải tiêu chí của bộ tiêu chí áp dụng.";
        if ((m = HasChildren().Match(r)).Success) return $"“{m.Groups[1].Value}” có tiêu chí con: điểm được chấm ở tiêu chí con.";
        if ((m = SurveyLeaf().Match(r)).Success) return $"Tiêu chí {m.Groups[1].Value} là tiêu chí điều tra XHH: điểm lấy từ cột điều tra, không tự chấm hay thẩm định.";
        if ((m = NotSurvey().Match(r)).Success) return $"Tiêu chí {m.Groups[1].Value} không phải tiêu chí điều tra XHH.";
        if ((m = NotRegistered().Match(r)).Success) return $"Đơn vị “{m.Groups[1].Value}” chưa được đăng ký.";
        if (r.Contains("already registered", StringComparison.Ordinal)) return "Mã đơn vị đã được đăng ký.";
        if (r.Contains("already exists", StringComparison.Ordinal)) return "Bộ tiêu chí với mã này đã có.";
        if (r.Contains("already submitted", StringComparison.Ordinal)) return "Đơn vị đã nộp tự đánh giá: điểm tự chấm đã khóa.";
        if ((m = Missing().Match(r)).Success) return $"Còn {m.Groups[1].Value} tiêu chí chưa tự chấm: {m.Groups[2].Value}.";
        if (r.Contains("not submitted yet", StringComparison.Ordinal)) return "Đơn vị chưa nộp tự đánh giá nên chưa thẩm định được.";
        if (r.Contains("no criteria set is adopted", StringComparison.Ordinal)) return "Chưa có bộ tiêu chí được áp dụng cho năm và khối này.";
        if (r.Contains("is not a block", StringComparison.Ordinal)) return $"Không phải khối đã định nghĩa ({r}).";
        if (r.Contains("is retired", StringComparison.Ordinal)) return "Khối đã thôi sử dụng.";
        if (r.Contains("dissolved", StringComparison.Ordinal)) return "Đơn vị đã giải thể.";
        if (r.Contains("ratio: send numerator and denominator", StringComparison.Ordinal)) return "Tiêu chí chấm theo tỷ lệ: ghi dạng tử số/mẫu số, ví dụ 9/10.";
        if (r.Contains("must be greater than 0", StringComparison.Ordinal)) return "Phải lớn hơn 0.";
        if (r.Contains("must be a whole number", StringComparison.Ordinal)) return "Phải là số nguyên.";
        if (r.Contains("must not be negative", StringComparison.Ordinal)) return "Không được âm.";
        if (r.Contains("decimals", StringComparison.Ordinal)) return "Quá nhiều chữ số thập phân (tối đa 4).";
        if (r.Contains("must be at most", StringComparison.Ordinal) && r.Contains("characters", StringComparison.Ordinal)) return $"Quá dài ({r}).";
        if (r.Contains("uses a minimum twice", StringComparison.Ordinal)) return "Hai mức có cùng giá trị tối thiểu.";
        if (r.Contains("one band needs minimum 0", StringComparison.Ordinal)) return "Các mức phải có một mức bắt đầu từ 0.";
        if (r.Contains("uses a label twice", StringComparison.Ordinal)) return "Một loại được ghi hai lần.";
        if (r.Contains("code", StringComparison.Ordinal) && r.Contains("twice", StringComparison.Ordinal)) return "Mã tiêu chí bị trùng.";
        return $"Sổ cái từ chối ({refusal.Field}): {r}";
    }

    [GeneratedRegex(@"must be between (-?[0-9.,]+) and (-?[0-9.,]+)")] private static partial Regex Between();
    [GeneratedRegex(@"multiple of the step ([0-9.]+) of leaf ([0-9.]+)")] private static partial Regex Step();
    [GeneratedRegex(@"above the maximum ([0-9.]+)")] private static partial Regex AboveMax();
    [GeneratedRegex(@"'([^']*)' is not a criterion")] private static partial Regex NotCriterion();
    [GeneratedRegex(@"'([^']*)' has children")] private static partial Regex HasChildren();
    [GeneratedRegex(@"leaf ([0-9.]+) is a survey leaf")] private static partial Regex SurveyLeaf();
    [GeneratedRegex(@"leaf ([0-9.]+) is not a survey leaf")] private static partial Regex NotSurvey();
    [GeneratedRegex(@"agency '([^']*)' is not registered")] private static partial Regex NotRegistered();
    [GeneratedRegex(@"([0-9]+) leaves have no self-score yet: (.*)$")] private static partial Regex Missing();
}
