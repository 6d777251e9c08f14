using System.Globalization;
using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;
using CchcLedger.Domain;

namespace CchcLedger.Api.Web;

/// <summary>
/// The ledger's refusals (<see cref="Refusal"/>: a field and a reason, in English, as the JSON API answers them) as a form
/// shows them beside the field: in Vietnamese, with numbers and instants written the Vietnamese way. Each known reason has
/// its sentence; a reason without one is never shown in English on a Vietnamese page, but as the field's name and what
/// kind of refusal it is. The English interface shows the reason as the API gives it.
/// </summary>
public static partial class RefusalText
{
    private sealed record Rule(Regex Pattern, Func<Match, UiText, string> Vietnamese);

    private static Rule R([StringSyntax(StringSyntaxAttribute.Regex)] string pattern, Func<Match, UiText, string> vi) =>
        new(new Regex("^" + pattern + "$", RegexOptions.CultureInvariant | RegexOptions.Singleline), vi);

    private static string G(Match m, string name) => m.Groups[name].Value;

    /// <summary>A number as the API wrote it (invariant), written as a Vietnamese reader does.</summary>
    private static string N(Match m, string name, UiText t) =>
        decimal.TryParse(G(m, name), NumberStyles.Number | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) ? t.Format.Number(v) : G(m, name);

    private static string When(Match m, string name) =>
        DateTimeOffset.TryParse(G(m, name), CultureInfo.InvariantCulture, DateTimeStyles.None, out var at) ? Format.DateTime(at) : G(m, name);

    private static readonly Rule[] Rules =
    [
        // Reasons that extend Text.Clean's, first
        R(@".*a self-score without evidence needs an explanation", (_, _) => "Không có tài liệu kiểm chứng thì phải giải trình lý do."),
        R(@".*evidence without an uploaded file names its document", (_, _) => "Tài liệu không kèm tệp thì phải ghi số, ký hiệu văn bản."),
        // Text and numbers (Text.Clean, Numbers.Check)
        R(@"is required and must not be empty.*", (_, _) => "Không được để trống."),
        R(@"is required(: .*)?", (_, _) => "Bắt buộc."),
        R(@"is not valid Unicode text", (_, _) => "Văn bản không hợp lệ (ký tự Unicode hỏng)."),
        R(@"must not contain control characters", (_, _) => "Không được chứa ký tự điều khiển."),
        R(@"must be at most (?<n>\d+) characters long", (m, _) => $"Tối đa {G(m, "n")} ký tự."),
        R(@"must be at least (?<n>\d+) characters long", (m, _) => $"Ít nhất {G(m, "n")} ký tự."),
        R(@"must have at most (?<n>\d+) decimals.*", (m, _) => $"Tối đa {G(m, "n")} chữ số thập phân (sổ cái ghi đúng giá trị nhập, không làm tròn)."),
        R(@"must be between (?<a>-?[\d.]+) and (?<b>-?[\d.]+)( \((?<r>.*)\))?", (m, t) => $"Phải nằm trong khoảng từ {N(m, "a", t)} đến {N(m, "b", t)}."),
        R(@"must be a year between (?<a>\d+) and (?<b>\d+)", (m, _) => $"Năm phải từ {G(m, "a")} đến {G(m, "b")}."),
        // Scorecards
        R(@"'(?<c>[^']+)' is not a criterion of this scorecard's criteria set", (m, _) => $"“{G(m, "c")}” không phải là tiêu chí của bộ tiêu chí áp dụng cho phiếu chấm này."),
        R(@"'(?<c>[^']+)' has children; points are given to its leaves", (m, _) => $"Tiêu chí {G(m, "c")} có tiêu chí thành phần; điểm được chấm cho các tiêu chí thành phần."),
        R(@"leaf (?<c>\S+) is a survey leaf: .*", (m, _) => $"Tiêu chí {G(m, "c")} lấy điểm từ điều tra xã hội học, không tự chấm hay thẩm định."),
        R(@"leaf (?<c>\S+) is not a survey leaf.*", (m, _) => $"Tiêu chí {G(m, "c")} không phải tiêu chí điều tra xã hội học."),
        R(@"the self-assessment is already submitted.*", (_, _) => "Đơn vị đã nộp tự đánh giá: điểm tự chấm đã khoá."),
        R(@"the self-assessment is not submitted yet.*", (_, _) => "Đơn vị chưa nộp tự đánh giá: việc thẩm định bắt đầu sau khi đơn vị nộp."),
        R(@"(?<n>\d+) leaves have no self-score yet: (?<l>.*)", (m, _) => $"Còn {G(m, "n")} tiêu chí chưa tự chấm: {G(m, "l")}."),
        R(@"is required for leaf (?<c>\S+).*", (m, _) => $"Bắt buộc với tiêu chí {G(m, "c")}."),
        R(@"leaf (?<c>\S+) is scored from a ratio.*", (m, _) => $"Tiêu chí {G(m, "c")} chấm theo tỷ lệ: nhập tử số và mẫu số."),
        R(@"leaf (?<c>\S+) is scored from a count.*", (m, _) => $"Tiêu chí {G(m, "c")} chấm theo số lượng: nhập số lượng."),
        R(@"leaf (?<c>\S+) is scored in points.*", (m, _) => $"Tiêu chí {G(m, "c")} chấm bằng điểm: nhập điểm."),
        R(@"must be a multiple of the step (?<s>[\d.]+) of leaf (?<c>\S+)", (m, t) => $"Điểm phải là bội số của bước {N(m, "s", t)} (tiêu chí {G(m, "c")})."),
        R(@"must be greater than 0", (_, _) => "Phải lớn hơn 0."),
        R(@"must not be negative", (_, _) => "Không được là số âm."),
        R(@"must be a whole number", (_, _) => "Phải là số nguyên."),
        R(@"must not be above the maximum (?<m>[\d.]+) of leaf (?<c>\S+)", (m, t) => $"Không được vượt quá điểm tối đa {N(m, "m", t)} của tiêu chí {G(m, "c")}."),
        R(@"must not be below 0", (_, _) => "Không được nhỏ hơn 0."),
        R(@"must not be below -(?<m>[\d.]+) \(the penalty floor of leaf (?<c>\S+)\)", (m, t) => $"Điểm trừ của tiêu chí {G(m, "c")} không được vượt quá {N(m, "m", t)} điểm."),
        R(@"must not be above 0 \(leaf (?<c>\S+) is a penalty.*", (m, _) => $"Tiêu chí {G(m, "c")} là điểm trừ: hãy nhập số âm, ví dụ -0,5."),
        R(@"must list at most (?<n>\d+) documents", (m, _) => $"Tối đa {G(m, "n")} tài liệu."),
        R(@"must be the SHA-256 of an uploaded file.*", (_, _) => "Tệp đính kèm không hợp lệ: hãy tải tệp lên lại."),
        R(@"no file (?<f>[0-9a-f]+) was uploaded for .*", (_, _) => "Tệp này chưa được tải lên cho phiếu chấm của đơn vị."),
        R(@"is required when the appraisal sets a value other than the self-score", (_, _) => "Chấm khác điểm tự chấm thì phải ghi nhận xét."),
        R(@"accepting the self-score takes no value.*", (_, _) => "Chấp nhận điểm tự chấm thì không nhập điểm khác."),
        R(@"leaf (?<c>\S+) has no self-score to accept", (m, _) => $"Tiêu chí {G(m, "c")} chưa có điểm tự chấm để chấp nhận."),
        R(@"agency '(?<a>[^']+)' has no scorecard for (?<y>\d+)", (m, _) => $"Đơn vị “{G(m, "a")}” chưa có phiếu chấm năm {G(m, "y")}."),
        R(@"no criteria set is adopted for (?<y>\d+) and block '(?<b>[^']+)'.*", (m, t) => $"Chưa có bộ tiêu chí được ban hành cho năm {G(m, "y")}, {t.BlockName(G(m, "b"))}."),
        // Appeals and results
        R(@"preliminary results for (?<y>\d+) and block '(?<b>[^']+)' have not been issued.*", (m, t) => $"Chưa thông báo kết quả sơ bộ năm {G(m, "y")} của {t.BlockName(G(m, "b"))}: chỉ được kiến nghị sau khi có kết quả sơ bộ."),
        R(@"the appeal window of round (?<r>\d+) closed at (?<at>\S+)", (m, _) => $"Đã hết hạn kiến nghị của đợt {G(m, "r")} (lúc {When(m, "at")})."),
        R(@"the (?<y>\d+) results of block '(?<b>[^']+)' are published.*", (m, t) => $"Kết quả năm {G(m, "y")} của {t.BlockName(G(m, "b"))} đã được công bố chính thức; chỉ được kiến nghị khi có đợt kết quả sơ bộ mới."),
        R(@"equals the leaf's current value \((?<v>[^)]+)\).*", (m, t) => $"Bằng đúng điểm hiện tại ({N(m, "v", t)}): kiến nghị phải đề nghị một mức điểm khác."),
        R(@"appeal (?<id>\S+) on leaf (?<c>\S+) is still open", (m, _) => $"Tiêu chí {G(m, "c")} đang có kiến nghị {G(m, "id")} chờ Hội đồng quyết định."),
        R(@"appeal (?<id>\S+) is (?<s>\S+): it can no longer be decided", (m, t) => $"Kiến nghị {G(m, "id")} đang ở trạng thái “{t.AppealState(G(m, "s"))}”: không thể quyết định nữa."),
        R(@"appeal (?<id>\S+) is (?<s>\S+): only an open appeal can be withdrawn", (m, t) => $"Kiến nghị {G(m, "id")} đang ở trạng thái “{t.AppealState(G(m, "s"))}”: chỉ rút được kiến nghị đang chờ quyết định."),
        R(@"appeal '(?<id>[^']+)' does not exist", (m, _) => $"Không có kiến nghị {G(m, "id")}."),
        R(@"must be upheld, partlyUpheld or rejected", (_, _) => "Chọn một kết quả: chấp nhận, chấp nhận một phần hoặc không chấp nhận."),
        R(@"a rejected appeal changes no points.*", (_, _) => "Không chấp nhận kiến nghị thì không ghi điểm."),
        R(@"is required for a partly upheld appeal", (_, _) => "Chấp nhận một phần thì phải ghi mức điểm."),
        R(@"an upheld appeal gets the requested (?<v>[\d.-]+).*", (m, t) => $"Chấp nhận kiến nghị thì điểm là mức đơn vị đề nghị ({N(m, "v", t)}); mức khác là chấp nhận một phần."),
        R(@"must lie strictly between the value appealed against \((?<a>[^)]+)\) and the value requested \((?<b>[^)]+)\)", (m, t) => $"Phải nằm giữa điểm bị kiến nghị ({N(m, "a", t)}) và điểm đơn vị đề nghị ({N(m, "b", t)})."),
        R(@"is required: the council members present, 1 to (?<n>\d+)", (m, _) => $"Bắt buộc: số thành viên Hội đồng có mặt, từ 1 đến {G(m, "n")}."),
        R(@"is required: between 0 and the (?<n>\d+) members present", (m, _) => $"Bắt buộc: từ 0 đến {G(m, "n")} (số thành viên có mặt)."),
        R(@"(?<f>\d+) of (?<p>\d+) members present is not a majority.*", (m, _) => $"{G(m, "f")}/{G(m, "p")} thành viên có mặt tán thành là chưa quá bán: quyết định cần hơn một nửa số thành viên có mặt."),
        R(@"(?<f>\d+) for and (?<a>\d+) against is more votes than the (?<p>\d+) members present", (m, _) => $"{G(m, "f")} tán thành và {G(m, "a")} không tán thành là nhiều hơn {G(m, "p")} thành viên có mặt."),
        R(@"is required: the points the agency asks for", (_, _) => "Bắt buộc: mức điểm đơn vị đề nghị."),
        R(@"must be after now \((?<at>\S+)\)", (m, _) => $"Phải sau thời điểm hiện tại ({When(m, "at")})."),
        R(@"must be within (?<n>\d+) days", (m, _) => $"Trong vòng {G(m, "n")} ngày."),
        R(@"must be between 1 and (?<n>\d+)", (m, _) => $"Từ 1 đến {G(m, "n")} ngày."),
        R(@"is required \(or appealWindowDays\).*", (_, _) => "Bắt buộc: thời điểm hết hạn kiến nghị."),
        R(@"the appeal window of round (?<r>\d+) is open until (?<at>\S+); publish after it closes", (m, _) => $"Thời hạn kiến nghị của đợt {G(m, "r")} còn đến {When(m, "at")}: chỉ công bố sau khi hết hạn."),
        R(@"appeals (?<l>.*) are still open; the council decides them first", (m, _) => $"Còn kiến nghị chưa được quyết định ({G(m, "l")}): Hội đồng quyết định trước khi công bố."),
        R(@"block '(?<b>[^']+)' has no scorecards for (?<y>\d+).*", (m, t) => $"{t.BlockName(G(m, "b"))} chưa có phiếu chấm nào năm {G(m, "y")}: không có gì để công bố."),
        // Agencies and criteria sets
        R(@"agency '(?<a>[^']+)' is already registered", (m, _) => $"Mã “{G(m, "a")}” đã được đăng ký cho một cơ quan, đơn vị khác."),
        R(@"agency '(?<a>[^']+)' is not registered", (m, _) => $"Không có cơ quan, đơn vị mã “{G(m, "a")}”."),
        R(@"agency '(?<a>[^']+)' is (already )?dissolved", (m, _) => $"Cơ quan, đơn vị “{G(m, "a")}” đã giải thể hoặc sáp nhập."),
        R(@"agency '(?<a>[^']+)' is already in block '(?<b>[^']+)'", (m, t) => $"Đơn vị đã thuộc {t.BlockName(G(m, "b"))}."),
        R(@"is the agency's current name", (_, _) => "Đây là tên hiện tại của đơn vị."),
        R(@"an agency cannot be merged into itself", (_, _) => "Không thể sáp nhập một đơn vị vào chính nó."),
        R(@"must be lower-case letters, digits and hyphens.*", (_, _) => "Chỉ gồm chữ thường không dấu, chữ số và dấu gạch ngang (tối đa 64), ví dụ huu-lung."),
        R(@"'(?<b>[^']*)' is not a block.*", (m, _) => $"“{G(m, "b")}” không phải là một khối."),
        R(@"criteria set '(?<s>[^']+)' already exists", (m, _) => $"Đã có bộ tiêu chí mã “{G(m, "s")}”."),
        R(@"criteria set '(?<s>[^']+)' does not exist", (m, _) => $"Không có bộ tiêu chí “{G(m, "s")}”."),
        R(@"criteria set '(?<s>[^']+)' is already adopted \(decision (?<d>.*)\)", (m, _) => $"Bộ tiêu chí “{G(m, "s")}” đã được ban hành ({G(m, "d")})."),
        R(@"criteria set '(?<s>[^']+)' is already adopted for (?<y>\d+) (?<b>\S+)", (m, t) => $"Năm {G(m, "y")}, {t.BlockName(G(m, "b"))} đã có bộ tiêu chí được ban hành: “{G(m, "s")}”."),
        R(@"'(?<s>[^']+)' is not a criteria set version", (m, _) => $"“{G(m, "s")}” không phải là một phiên bản bộ tiêu chí."),
        R(@"must list at least one change", (_, _) => "Chưa có thay đổi nào."),
        R(@"would leave the set inconsistent: (?<w>.*)", (m, _) => $"Sau thay đổi, bộ tiêu chí không nhất quán: {G(m, "w")}."),
        // Evidence files
        R(@"'(?<f>[^']+)' is larger than (?<s>.+?), the most a file may be.*", (m, _) => $"Tệp “{G(m, "f")}” lớn hơn {G(m, "s")}, mức tối đa cho một tệp; chưa lưu gì."),
        R(@"'(?<f>[^']+)' brings the request over (?<s>.+?), .*", (m, _) => $"Các tệp gửi cùng lúc vượt quá {G(m, "s")}; chưa lưu gì: hãy gửi thành nhiều lần."),
        R(@"'(?<f>[^']+)' is empty.*", (m, _) => $"Tệp “{G(m, "f")}” rỗng; chưa lưu gì."),
        R(@"'(?<f>[^']+)' is a macro-enabled .*", (m, _) => $"Tệp “{G(m, "f")}” có macro: hãy lưu lại không có macro (.docx, .xlsx, .pptx) rồi tải lên; chưa lưu gì."),
        R(@"'(?<f>[^']+)' (is|starts) .*; nothing was stored", (m, _) => $"Tệp “{G(m, "f")}” không phải loại tài liệu kiểm chứng được chấp nhận (PDF, ảnh, Word, Excel, PowerPoint, OpenDocument, CSV); chưa lưu gì."),
        R(@"at most (?<n>\d+) files per request.*", (m, _) => $"Tối đa {G(m, "n")} tệp mỗi lần gửi."),
        R(@"file name .*", (_, _) => "Tên tệp không hợp lệ; chưa lưu gì."),
        // Versions (If-Match, a page's form)
        R(@".* is at version (?<a>\d+), not (?<b>\d+): .*", (m, _) => $"Hồ sơ đã được thay đổi sau khi bạn mở trang (phiên bản {G(m, "b")}, nay là {G(m, "a")}). Chưa ghi gì; hãy xem lại rồi gửi lần nữa."),
        // Accounts
        R(@"must be 3 to 64 lower-case letters, digits.*", (_, _) => "Từ 3 đến 64 ký tự: chữ thường không dấu, chữ số, dấu . _ - @, bắt đầu bằng chữ hoặc số (ví dụ nguyenvanan)."),
        R(@"account '(?<l>[^']+)' already exists", (m, _) => $"Đã có tài khoản “{G(m, "l")}”."),
        R(@"account '(?<l>[^']+)' does not exist", (m, _) => $"Không có tài khoản “{G(m, "l")}”."),
        R(@"'(?<e>[^']*)' is not an e-mail address", (m, _) => $"“{G(m, "e")}” không phải địa chỉ thư điện tử."),
        R(@"'(?<r>[^']*)' is not a role.*", (m, _) => $"“{G(m, "r")}” không phải là một vai trò."),
        R(@"an agency officer acts for one or more agencies.*", (_, _) => "Cán bộ đầu mối phải được giao ít nhất một cơ quan, đơn vị."),
        R(@"only an agency officer acts for agencies.*", (_, _) => "Chỉ vai trò cán bộ đầu mối mới được giao cơ quan, đơn vị."),
        R(@"names an agency twice", (_, _) => "Một đơn vị được chọn hai lần."),
        R(@"nobody (grants a right to|withdraws a right from|disables|enables) their own account.*", (_, _) => "Không ai tự thay đổi quyền hay trạng thái tài khoản của chính mình: việc này do một quản trị viên khác thực hiện."),
        R(@"an administrator changes their own password.*", (_, _) => "Quản trị viên tự đổi mật khẩu của mình ở trang Đổi mật khẩu."),
        R(@"account '(?<l>[^']+)' is disabled.*", (m, _) => $"Tài khoản “{G(m, "l")}” đang bị khoá: hãy mở lại trước."),
        R(@"account '(?<l>[^']+)' is already disabled", (m, _) => $"Tài khoản “{G(m, "l")}” đã bị khoá."),
        R(@"account '(?<l>[^']+)' is not disabled", (m, _) => $"Tài khoản “{G(m, "l")}” không bị khoá."),
        R(@"account '(?<l>[^']+)' already holds the role '(?<r>[^']+)'.*", (m, t) => $"Tài khoản “{G(m, "l")}” đã có vai trò {t.RoleName(G(m, "r"))} như vậy."),
        R(@"account '(?<l>[^']+)' does not hold the role '(?<r>[^']+)'", (m, t) => $"Tài khoản “{G(m, "l")}” không có vai trò {t.RoleName(G(m, "r"))}."),
        R(@"must not contain the login", (_, _) => "Mật khẩu không được chứa tên đăng nhập."),
        R(@"is too easy to guess.*", (_, _) => "Mật khẩu quá dễ đoán: dùng ít nhất 4 ký tự khác nhau."),
        R(@"must differ from the one-time password", (_, _) => "Mật khẩu mới phải khác mật khẩu dùng một lần."),
        R(@"does not repeat the new password exactly", (_, _) => "Không khớp với mật khẩu mới."),
    ];

    /// <summary>The refusal's reason in the reader's language.</summary>
    public static string For(UiText t, Refusal refusal)
    {
        if (t.Lang != "vi") return refusal.Reason;
        foreach (var rule in Rules)
            if (rule.Pattern.Match(refusal.Reason) is { Success: true } m) return rule.Vietnamese(m, t);
        return refusal.Kind switch
        {
            RefusalKind.NotFound => t.Work.RefusedNotFound,
            RefusalKind.Conflict => t.Work.RefusedConflict,
            _ => t.Work.RefusedInvalid,
        };
    }

    /// <summary>Whether a Vietnamese sentence exists for the reason (a test walks the refusals the forms can meet).</summary>
    public static bool Knows(string reason) => Rules.Any(r => r.Pattern.IsMatch(reason));
}
