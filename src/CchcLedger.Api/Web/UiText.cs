using CchcLedger.Api.Rankings;
using CchcLedger.Domain;

namespace CchcLedger.Api.Web;

/// <summary>
/// The pages' interface text in one language (<see cref="Vi"/> by default, <see cref="En"/> on the reader's
/// choice), with the formats of that language. Data (agency names, reasons, decisions, class labels) is shown as
/// recorded, in Vietnamese, whatever the interface language.
/// </summary>
public sealed partial class UiText
{
    public const string LanguageCookie = "cchc_lang";

    public required string Lang { get; init; }
    public required Format Format { get; init; }

    /// <summary>Names by code: block:…, role:…, stage:…, kind:…, appeal:…, milestone:….</summary>
    public required IReadOnlyDictionary<string, string> Names { get; init; }

    public string OtherLang => Lang == "vi" ? "en" : "vi";

    public static UiText For(HttpContext http) =>
        http.Request.Cookies.TryGetValue(LanguageCookie, out var lang) && lang == "en" ? En : Vi;

    public string Fmt(string template, params object?[] args) => string.Format(Format.Culture, template, args);

    private string Name(string kind, string code) => Names.TryGetValue($"{kind}:{code}", out var name) ? name : code;

    /// <summary>The blocks of the request, for text that names a block by its code (a refusal's): see <see cref="WithBlocks"/>.</summary>
    private Domain.Blocks.BlockCatalog _blocks = Domain.Blocks.BlockCatalog.Empty;

    /// <summary>This language's text naming blocks by the ledger's definitions (the shared instances know none).</summary>
    public UiText WithBlocks(Domain.Blocks.BlockCatalog blocks)
    {
        var copy = (UiText)MemberwiseClone();
        copy._blocks = blocks;
        return copy;
    }

    public string BlockName(string block) => BlockName(_blocks, block);

    /// <summary>A block's name is data: the stored Vietnamese name, in English the English one where the province gave one.</summary>
    public string BlockName(Domain.Blocks.BlockCatalog blocks, string block) => blocks.Find(block) switch
    {
        { NameEn: { } en } when Lang == "en" => en,
        { } defined when Lang == "vi" || !Names.ContainsKey($"block:{block}") => defined.Name,
        _ => Name("block", block),
    };
    public string RoleName(string role) => Name("role", role);
    public string ImportKindName(string kind) => Name("import", kind);
    public string StageName(string stage) => Name("stage", stage);
    public string KindName(string kind) => Name("kind", kind);
    public string AppealState(string state) => Name("appeal", state);
    public string CauseName(string cause) => Name("cause", cause);
    public string MethodName(string method) => Name("method", method);
    public string DiffKind(string kind) => Name("diff", kind);
    public string FieldName(string field) => Name("field", field);

    public string MilestoneName(Milestone m) => m.Kind switch
    {
        "adjustment" => Fmt(Name("milestone", m.Kind), m.Detail, m.Count),
        "preliminary" or "windowEnds" or "windowClosedEarly" or "publication" => Fmt(Name("milestone", m.Kind), m.Number),
        _ => Fmt(Name("milestone", m.Kind), m.Count),
    };

    private static readonly IReadOnlyDictionary<string, string> ViNames = new Dictionary<string, string>
    {
        ["role:agency-officer"] = "cán bộ đầu mối CCHC",
        ["import:criteria"] = "Bộ tiêu chí (phụ lục quyết định)",
        ["import:agencies"] = "Đơn vị của một khối",
        ["import:scores"] = "Điểm của cả khối (tự chấm, thẩm định, điều tra XHH)",
        ["role:appraiser"] = "thẩm định viên",
        ["role:council-secretary"] = "thư ký hội đồng",
        ["role:criteria-admin"] = "quản trị bộ tiêu chí",
        ["role:auditor"] = "kiểm toán, thanh tra",
        ["role:administrator"] = "quản trị hệ thống",
        ["role:account-holder"] = "chủ tài khoản",
        ["role:system"] = "hệ thống",
        ["stage:selfScore"] = "Tự đánh giá",
        ["stage:appraisal"] = "Thẩm định",
        ["stage:survey"] = "Điều tra XHH",
        ["stage:adjustment"] = "Điều chỉnh",
        ["stage:appeal"] = "Phúc khảo",
        ["stage:cap"] = "Áp trần, sàn",
        ["kind:selfScore"] = "Tự chấm điểm",
        ["kind:appraisalAccepted"] = "Thẩm định: chấp nhận điểm tự chấm",
        ["kind:appraisal"] = "Thẩm định: chấm lại",
        ["kind:surveyPoints"] = "Nhập điểm điều tra XHH",
        ["kind:adjustment"] = "Điều chỉnh theo văn bản",
        ["kind:appealFiled"] = "Đơn vị kiến nghị",
        ["kind:appealUpheld"] = "Kiến nghị được chấp nhận",
        ["kind:appealPartlyUpheld"] = "Kiến nghị được chấp nhận một phần",
        ["kind:appealRejected"] = "Kiến nghị không được chấp nhận",
        ["kind:scorecardOpened"] = "Mở phiếu chấm",
        ["kind:selfAssessmentSubmitted"] = "Nộp tự đánh giá",
        ["kind:appealWithdrawn"] = "Rút kiến nghị",
        ["kind:appealDecided"] = "Hội đồng quyết định",
        ["appeal:open"] = "Đang chờ quyết định",
        ["appeal:withdrawn"] = "Đã rút",
        ["appeal:upheld"] = "Chấp nhận",
        ["appeal:partlyUpheld"] = "Chấp nhận một phần",
        ["appeal:rejected"] = "Không chấp nhận",
        ["cause:ownScore"] = "Điểm của chính đơn vị thay đổi",
        ["cause:othersMoved"] = "Chỉ do đơn vị khác thay đổi",
        ["cause:entered"] = "Mới có phiếu chấm",
        ["method:Scale"] = "Thang điểm",
        ["method:Ratio"] = "Theo tỷ lệ",
        ["method:Bands"] = "Theo mức",
        ["method:Survey"] = "Điều tra XHH",
        ["method:Bonus"] = "Điểm thưởng",
        ["method:Penalty"] = "Điểm trừ",
        ["diff:added"] = "bổ sung",
        ["diff:retired"] = "bãi bỏ",
        ["diff:removed"] = "bỏ khỏi cây",
        ["diff:changed"] = "sửa đổi",
        ["diff:classBands"] = "Ngưỡng xếp loại",
        ["diff:rounding"] = "Quy tắc làm tròn",
        ["diff:tieRule"] = "Quy tắc xếp hạng bằng điểm",
        ["field:title"] = "tên",
        ["field:max"] = "điểm tối đa",
        ["field:method"] = "cách chấm",
        ["field:step"] = "bước điểm",
        ["field:basis"] = "cơ sở tính mức",
        ["field:bands"] = "các mức",
        ["milestone:firstSubmission"] = "Đơn vị đầu tiên nộp tự đánh giá",
        ["milestone:lastSubmission"] = "Đủ {0} đơn vị nộp tự đánh giá",
        ["milestone:appraisal"] = "Hoàn thành thẩm định",
        ["milestone:survey"] = "Nhập xong điểm điều tra XHH",
        ["milestone:adjustment"] = "Điều chỉnh theo {0}",
        ["milestone:preliminary"] = "Thông báo kết quả sơ bộ (vòng {0})",
        ["milestone:windowEnds"] = "Hết hạn kiến nghị (vòng {0})",
        ["milestone:windowClosedEarly"] = "Đóng kiến nghị sớm theo quyết định (vòng {0})",
        ["milestone:publication"] = "Công bố chính thức lần {0}",
    };

    private static readonly IReadOnlyDictionary<string, string> EnNames = new Dictionary<string, string>
    {
        ["block:departments"] = "Departments and agencies",
        ["block:districts"] = "District People's Committees",
        ["block:communes"] = "Commune People's Committees",
        ["block:special-units"] = "Special units",
        ["role:agency-officer"] = "agency officer",
        ["import:criteria"] = "Criteria set (a decision's appendix)",
        ["import:agencies"] = "Agencies of a block",
        ["import:scores"] = "Scores of a whole block (self, appraisal, survey)",
        ["role:appraiser"] = "appraiser",
        ["role:council-secretary"] = "council secretary",
        ["role:criteria-admin"] = "criteria administrator",
        ["role:auditor"] = "auditor",
        ["role:administrator"] = "administrator",
        ["role:account-holder"] = "account holder",
        ["role:system"] = "the ledger",
        ["stage:selfScore"] = "Self-assessment",
        ["stage:appraisal"] = "Appraisal",
        ["stage:survey"] = "Survey",
        ["stage:adjustment"] = "Adjustments",
        ["stage:appeal"] = "Appeals",
        ["stage:cap"] = "Caps and floors",
        ["kind:selfScore"] = "Self-score",
        ["kind:appraisalAccepted"] = "Appraisal: self-score accepted",
        ["kind:appraisal"] = "Appraisal: another value",
        ["kind:surveyPoints"] = "Survey points",
        ["kind:adjustment"] = "Adjustment by decision",
        ["kind:appealFiled"] = "Appeal filed",
        ["kind:appealUpheld"] = "Appeal upheld",
        ["kind:appealPartlyUpheld"] = "Appeal partly upheld",
        ["kind:appealRejected"] = "Appeal rejected",
        ["kind:scorecardOpened"] = "Scorecard opened",
        ["kind:selfAssessmentSubmitted"] = "Self-assessment submitted",
        ["kind:appealWithdrawn"] = "Appeal withdrawn",
        ["kind:appealDecided"] = "Council decision",
        ["appeal:open"] = "Awaiting decision",
        ["appeal:withdrawn"] = "Withdrawn",
        ["appeal:upheld"] = "Upheld",
        ["appeal:partlyUpheld"] = "Partly upheld",
        ["appeal:rejected"] = "Rejected",
        ["cause:ownScore"] = "Its own points changed",
        ["cause:othersMoved"] = "Moved only by others",
        ["cause:entered"] = "Newly scored",
        ["method:Scale"] = "Scale",
        ["method:Ratio"] = "Ratio",
        ["method:Bands"] = "Bands",
        ["method:Survey"] = "Survey",
        ["method:Bonus"] = "Bonus",
        ["method:Penalty"] = "Penalty",
        ["diff:added"] = "added",
        ["diff:retired"] = "retired",
        ["diff:removed"] = "removed",
        ["diff:changed"] = "changed",
        ["diff:classBands"] = "Class thresholds",
        ["diff:rounding"] = "Rounding",
        ["diff:tieRule"] = "Tie rule",
        ["milestone:firstSubmission"] = "First self-assessment submitted",
        ["milestone:lastSubmission"] = "All {0} self-assessments submitted",
        ["milestone:appraisal"] = "Appraisal completed",
        ["milestone:survey"] = "Survey points entered",
        ["milestone:adjustment"] = "Adjusted by {0}",
        ["milestone:preliminary"] = "Preliminary results (round {0})",
        ["milestone:windowEnds"] = "Appeal window closes (round {0})",
        ["milestone:windowClosedEarly"] = "Appeal window closed early by decision (round {0})",
        ["milestone:publication"] = "Official publication {0}",
    };
}
