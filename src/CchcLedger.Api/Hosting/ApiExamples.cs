using System.Text.Json.Nodes;
using CchcLedger.Domain.Agencies;
using CchcLedger.Domain.Appeals;
using CchcLedger.Domain.Criteria;
using CchcLedger.Domain.Publications;
using CchcLedger.Domain.Scorecards;

namespace CchcLedger.Api.Hosting;

/// <summary>
/// Request examples for the OpenAPI document, taken from the Lạng Sơn 2017 demo (<c>Demo/lang-son-2017.json</c>): UBND huyện
/// Hữu Lũng's scorecard, its appraisal and its appeal on 3.1.2. As in the demo, decision numbers are invented.
/// </summary>
public static class ApiExamples
{
    private static readonly Dictionary<Type, string> Requests = new()
    {
        [typeof(RegisterAgency)] = """{"code":"huu-lung","name":"UBND huyện Hữu Lũng","block":"districts"}""",
        [typeof(RenameAgency)] = """{"name":"UBND huyện Hữu Lũng","reason":"Sửa tên theo quyết định","decisionRef":"QĐ số 12/QĐ-UBND (dữ liệu mẫu)"}""",
        [typeof(MoveAgencyToBlock)] = """{"block":"districts","reason":"Sắp xếp lại khối","decisionRef":"QĐ số 13/QĐ-UBND (dữ liệu mẫu)"}""",
        [typeof(DissolveAgency)] = """{"mergedInto":null,"reason":"Giải thể theo quyết định","decisionRef":"QĐ số 14/QĐ-UBND (dữ liệu mẫu)"}""",
        [typeof(AdoptCriteriaSet)] = """{"decisionRef":"QĐ số 1029/QĐ-UBND ngày 30/5/2017 của UBND tỉnh Lạng Sơn (dữ liệu mẫu)","reason":"Ban hành bộ chỉ số năm 2017"}""",
        [typeof(EnterSelfScore)] = """{"criterion":"3.1.2","numerator":20,"denominator":24,"explanation":"Rà soát, đánh giá 20/24 thủ tục hành chính","evidence":[{"title":"Báo cáo rà soát TTHC năm 2017","documentRef":"BC số 45/BC-UBND (dữ liệu mẫu)"}]}""",
        [typeof(RecordAppraisal)] = """{"criterion":"3.1.2","accept":false,"numerator":14,"denominator":24,"note":"10 TTHC chưa được rà soát, đánh giá theo kế hoạch"}""",
        [typeof(AdjustPoints)] = """{"criterion":"1.4","points":1.0,"reason":"Số liệu tự đánh giá chưa khớp với báo cáo năm","decisionRef":"QĐ số 20/QĐ-HĐTĐ (dữ liệu mẫu)"}""",
        [typeof(EnterSurveyPoints)] = """{"criterion":"8.1","points":7.35,"source":"Tổ điều tra xã hội học – Sở Nội vụ"}""",
        [typeof(IssuePreliminaryResults)] = """{"appealWindowDays":10}""",
        [typeof(FileAppeal)] = """{"criterion":"3.1.2","requestedPoints":2.0,"argument":"Đơn vị đã rà soát, đánh giá đủ 24 thủ tục hành chính theo kế hoạch; đề nghị Hội đồng xem xét lại điểm tiêu chí này."}""",
        [typeof(DecideAppeal)] = """{"outcome":"rejected","points":null,"reason":"Hồ sơ bổ sung không chứng minh được việc rà soát, đánh giá 10 thủ tục hành chính còn lại trong năm 2017.","decisionRef":"Biên bản họp Hội đồng thẩm định số 03/BB-HĐTĐ ngày 29/01/2018 (dữ liệu mẫu)","membersPresent":9,"votesFor":8,"votesAgainst":1}""",
        [typeof(WithdrawAppeal)] = """{"reason":"Đơn vị đã đối chiếu lại hồ sơ, xin rút kiến nghị."}""",
        [typeof(PublishRanking)] = """{"decisionRef":"Quyết định số 195/QĐ-UBND ngày 06/02/2018 của UBND tỉnh Lạng Sơn (dữ liệu mẫu)"}""",
        [typeof(Domain.Access.RevokeToken)] = """{"reason":"Cán bộ chuyển công tác","decisionRef":"QĐ số 30/QĐ-SNV (dữ liệu mẫu)"}""",
    };

    public static JsonNode? Request(Type type) => Requests.TryGetValue(type, out var json) ? JsonNode.Parse(json) : null;

    public static JsonNode Problem(int status) => new JsonObject
    {
        ["type"] = $"https://tools.ietf.org/html/rfc9110#section-15.{(status >= 500 ? 6 : 5)}.{(status >= 500 ? status - 499 : status - 399)}",
        ["title"] = ApiContract.StatusWords(status).Split(" · ")[^1],
        ["status"] = status,
        ["detail"] = status == 404 ? "agency: agency 'huu-lung' is not registered" : "criterion: is required",
        ["errors"] = new JsonObject { [status == 404 ? "agency" : "criterion"] = new JsonArray(status == 404 ? "agency 'huu-lung' is not registered" : "is required") },
    };
}
