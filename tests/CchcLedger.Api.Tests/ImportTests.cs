using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using CchcLedger.Projections;
using Npgsql;

namespace CchcLedger.Api.Tests;

/// <summary>
/// Files provinces already have, brought in through the same decisions as the commands: a dry run first (what would
/// be written, every problem by sheet, row and column, in Vietnamese), then all or nothing; the file's name and
/// SHA-256 in every event; the same file twice writes nothing; each part of a past year in force at its own date.
/// </summary>
public sealed class ImportTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    /// <summary>The appendix of a province's decision: its title above the table, the tree in STT, a total row, and the class bands.</summary>
    public static byte[] CriteriaAppendix(params object?[][] extraRows) => Spreadsheets.Xlsx(
        ("Phụ lục", [
            ["PHỤ LỤC: BỘ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH CẤP HUYỆN NĂM 2017"],
            ["(Kèm theo Quyết định số 1052/QĐ-UBND ngày 30/5/2017 của UBND tỉnh)"],
            [],
            ["STT", "Lĩnh vực, tiêu chí", "Điểm tối đa", "Phương pháp", "Bước", "Mức", "Cơ sở"],
            ["1", "Công tác chỉ đạo, điều hành", 60m],
            ["1.1", "Ban hành kế hoạch CCHC", 20m, "Thang điểm", 0.5m],
            ["1.2", "Tỷ lệ hoàn thành kế hoạch", 20m, "Tỷ lệ"],
            ["1.3", "Số báo cáo đúng hạn", 20m, "Theo mức", null, "≥4: 20; ≥2: 10; 0: 0", "Số lượng"],
            ["1.4", "Điểm thưởng", 5m, "Điểm thưởng"],
            ["1.5", "Điểm trừ", 2m, "Điểm trừ"],
            ["2", "Điều tra xã hội học", 40m],
            ["2.1", "Mức độ hài lòng", 40m, "Điều tra XHH"],
            .. extraRows,
            [null, "Tổng cộng", 100m],
        ]),
        ("Xếp loại", [["Xếp loại", "Từ (%)"], ["Tốt", 80m], ["Khá", 65m], ["Trung bình", 50m], ["Yếu", 0m]]));

    public static byte[] DistrictList() => Spreadsheets.Csv(
        "Mã đơn vị;Tên đơn vị",
        "huu-lung;UBND huyện Hữu Lũng",
        "van-quan;UBND huyện Văn Quan");

    /// <summary>A whole year of two districts: self-scores, appraisals and survey points, one row per agency and leaf.</summary>
    public static byte[] DistrictScores() => Spreadsheets.Csv(
        "Mã đơn vị;Mã tiêu chí;Tự chấm;Thẩm định;Điều tra XHH;Tài liệu kiểm chứng",
        "huu-lung;1.1;18;15;;KH-01/2017",
        "huu-lung;1.2;9/10;9/10;;BC-12/2017",
        "huu-lung;1.3;4;4;;",
        "huu-lung;1.4;0;0;;",
        "huu-lung;1.5;0;0;;",
        "huu-lung;2.1;;;30,5;",
        "van-quan;1.1;15;15;;KH-02/2017",
        "van-quan;1.2;8/10;8/10;;",
        "van-quan;1.3;2;2;;",
        "van-quan;1.4;1,5;1;;",
        "van-quan;1.5;0;-1;;",
        "van-quan;2.1;;;35;");

    private async Task<(int Status, JsonNode Body)> Import(string kind, string fileName, byte[] content, bool dryRun = false, params (string, string)[] fields)
    {
        var url = $"/api/imports/{kind}";
        using var client = Host.Server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.ForRequest("POST", url));
        using var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent(content), "file", fileName);
        foreach (var (name, value) in fields) form.Add(new StringContent(value), name);
        if (dryRun) form.Add(new StringContent("true"), "dryRun");
        using var response = await client.PostAsync(url, form);
        return ((int)response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }

    public static readonly (string, string)[] Set2017 =
        [("setId", "2017-districts"), ("year", "2017"), ("block", "districts"), ("title", "Bộ chỉ số CCHC cấp huyện năm 2017"),
         ("decisionRef", "QĐ 1052/QĐ-UBND"), ("effectiveAt", "30/05/2017")];

    private async Task PastYearImported()
    {
        Assert.Equal(200, (await Import("criteria", "phu-luc-2017.xlsx", CriteriaAppendix(), fields: Set2017)).Status);
        Assert.Equal(200, (await Import("agencies", "don-vi.csv", DistrictList(), fields: [("block", "districts"), ("effectiveAt", "30/05/2017")])).Status);
        var scores = await Import("scores", "ket-qua-2017.csv", DistrictScores(), fields:
            [("year", "2017"), ("block", "districts"), ("selfAssessedAt", "15/12/2017"), ("appraisedAt", "10/01/2018"), ("surveyedAt", "12/01/2018")]);
        Assert.True(scores.Status == 200, scores.Body.ToJsonString());
    }

    private static string[] Agencies(JsonNode ranking) => ranking["entries"]!.AsArray().Select(e => e!["agency"]!.GetValue<string>()).ToArray();

    private static decimal Total(JsonNode ranking, string agency) =>
        Dec(ranking["entries"]!.AsArray().Single(e => e!["agency"]!.GetValue<string>() == agency)!["total"]);

    [Fact]
    public async Task a_criteria_appendix_in_xlsx_is_read_as_a_tree_dry_run_first_then_adopted_at_its_decisions_date()
    {
        var before = await EventCount();
        var appendix = CriteriaAppendix();
        var (status, dry) = await Import("criteria", "phu-luc-2017.xlsx", appendix, dryRun: true, Set2017);
        Assert.Equal(200, status);
        Assert.False(dry["committed"]!.GetValue<bool>());
        Assert.Equal(["criteria_set_drafted", "criteria_set_adopted"], dry["events"]!.AsArray().Select(e => e!["type"]!.GetValue<string>()));
        Assert.Equal(before, await EventCount()); // a dry run writes nothing

        var (_, done) = await Import("criteria", "phu-luc-2017.xlsx", appendix, fields: Set2017);
        Assert.True(done["committed"]!.GetValue<bool>());
        Assert.Equal(before + 3, await EventCount()); // drafted, adopted, import_recorded
        var set = await Get("/api/criteria-sets/2017-districts");
        Assert.True(set["adopted"]!.GetValue<bool>());
        var area1 = set["rules"]!["areas"]![0]!;
        Assert.Equal(("1", 60m, 5), (area1["code"]!.GetValue<string>(), Dec(area1["max"]), area1["children"]!.AsArray().Count));
        var bands = area1["children"]![2]!;
        Assert.Equal(("bands", "count", 3), (bands["method"]!.GetValue<string>(), bands["basis"]!.GetValue<string>(), bands["bands"]!.AsArray().Count));
        Assert.Equal(0.5m, Dec(area1["children"]![0]!["step"]));
        Assert.Equal(["Tốt", "Khá", "Trung bình", "Yếu"], set["rules"]!["classBands"]!.AsArray().Select(b => b!["label"]!.GetValue<string>()));

        // The file is the evidence: its name and SHA-256 in every event, the decision's date as the instant it took effect.
        await using var session = Store.QuerySession();
        var events = await session.Events.FetchStreamAsync("criteria-set-2017-districts");
        var sha = done["sha256"]!.GetValue<string>();
        Assert.All(events, e => Assert.Equal((sha, "phu-luc-2017.xlsx"), (e.Headers!["importSha256"]!.ToString(), e.Headers["importFile"]!.ToString())));
        Assert.All(events, e => Assert.Equal(new DateTimeOffset(2017, 5, 30, 0, 0, 0, TimeSpan.FromHours(7)), EffectiveTime.Of(e)));

        // The same file again writes nothing, however it is named.
        var after = await EventCount();
        var (againStatus, again) = await Import("criteria", "ban-sao.xlsx", appendix, fields: Set2017);
        Assert.Equal((200, true, false), (againStatus, again["alreadyImported"]!.GetValue<bool>(), again["committed"]!.GetValue<bool>()));
        Assert.Equal(after, await EventCount());
        Assert.Single((await Get("/api/imports")).AsArray());
        Assert.True((await Get("/api/integrity/verification"))["ok"]!.GetValue<bool>());
    }

    [Fact]
    public async Task every_problem_of_a_criteria_appendix_is_named_by_sheet_row_and_column_in_vietnamese_and_nothing_is_written()
    {
        var before = await EventCount();
        var file = CriteriaAppendix(
            ["3.1", "Tiêu chí không có lĩnh vực cha", 5m, "Thang điểm", 0.5m],
            ["1.1", "Trùng mã", 5m, "Thang điểm"],
            ["4", "Lĩnh vực thiếu điểm", "hai mươi"],
            ["4.1", "Lá thiếu phương pháp", 5m],
            ["4.2", "Lá có phương pháp lạ", 5m, "Bốc thăm"]);
        var (status, problem) = await Import("criteria", "phu-luc-loi.xlsx", file, fields: Set2017);
        Assert.Equal(400, status);
        var problems = problem["problems"]!.AsArray().Select(p => (p!["sheet"]!.GetValue<string>(), p["row"]?.GetValue<int>(), p["column"]?.GetValue<string>())).ToList();
        Assert.Contains(("Phụ lục", 13, "A (STT)"), problems);            // 3.1: no parent 3
        Assert.Contains(("Phụ lục", 14, "A (STT)"), problems);            // 1.1 twice
        Assert.Contains(("Phụ lục", 15, "C (Điểm tối đa)"), problems);    // "hai mươi"
        Assert.Contains(("Phụ lục", 16, "D (Phương pháp)"), problems);    // a leaf without a method
        Assert.Contains(("Phụ lục", 17, "D (Phương pháp)"), problems);    // an unknown method
        Assert.Contains(problem["problems"]!.AsArray(), p => p!["reason"]!.GetValue<string>().Contains("không có tiêu chí cha 3"));
        Assert.True(problem["errors"]!.AsObject().ContainsKey("Phụ lục, dòng 15, cột C (Điểm tối đa)"));
        Assert.Equal(before, await EventCount());

        // A rule of the ledger itself (a step must be positive) is named at its row and column too.
        var (_, refused) = await Import("criteria", "phu-luc-buoc.xlsx", CriteriaAppendix(["2.2", "Bước sai", 5m, "Thang điểm", -1m]), fields: Set2017);
        Assert.Equal((13, "E (Bước)"), (refused["problems"]![0]!["row"]!.GetValue<int>(), refused["problems"]![0]!["column"]!.GetValue<string>()));
        Assert.Equal(before, await EventCount());
    }

    [Fact]
    public async Task agencies_of_a_block_come_from_a_csv_and_a_bad_row_is_named_and_stops_all_of_them()
    {
        var before = await EventCount();
        var bad = Spreadsheets.Csv("Mã đơn vị;Tên đơn vị;Khối", "huu-lung;UBND huyện Hữu Lũng;districts", "Văn Quan;UBND huyện Văn Quan;districts",
            "huu-lung;Trùng mã;districts", "bac-son;UBND huyện Bắc Sơn;wards", "chi-lang;;districts");
        var (status, problem) = await Import("agencies", "don-vi-loi.csv", bad);
        Assert.Equal(400, status);
        var where = problem["problems"]!.AsArray().Select(p => (p!["row"]!.GetValue<int>(), p["column"]!.GetValue<string>())).ToList();
        Assert.Equal([(3, "A (Mã đơn vị)"), (4, "A (Mã đơn vị)"), (5, "C (Khối)"), (6, "B (Tên đơn vị)")], where.Order());
        Assert.Equal("don-vi-loi", problem["problems"]![0]!["sheet"]!.GetValue<string>());
        Assert.Equal(before, await EventCount());

        var (ok, done) = await Import("agencies", "don-vi.csv", DistrictList(), fields: [("block", "districts")]);
        Assert.Equal((200, 2), (ok, done["events"]![0]!["count"]!.GetValue<int>()));
        Assert.Equal(2, (await Get("/api/agencies?block=districts")).AsArray().Count);
    }

    [Fact]
    public async Task a_past_year_from_spreadsheets_unfolds_at_its_own_dates_on_the_effective_axis_and_from_today_on_the_recorded_axis()
    {
        var beforeRecording = await Now();
        await PastYearImported();

        // In force on 01/01/2018: self-assessments only. 11/01/2018: appraised. 13/01/2018: appraised and surveyed.
        var selfOnly = await Get($"/api/years/2017/rankings/districts?asOf=2018-01-01T00:00:00%2B07:00&axis=effective");
        Assert.Equal((18 + 18 + 20m, 15 + 16 + 10 + 1.5m), (Total(selfOnly, "huu-lung"), Total(selfOnly, "van-quan")));
        var appraised = await Get($"/api/years/2017/rankings/districts?asOf=2018-01-11T00:00:00%2B07:00&axis=effective");
        Assert.Equal((15 + 18 + 20m, 15 + 16 + 10 + 1 - 1m), (Total(appraised, "huu-lung"), Total(appraised, "van-quan")));
        var surveyed = await Get($"/api/years/2017/rankings/districts?asOf=2018-01-13T00:00:00%2B07:00&axis=effective");
        Assert.Equal(["huu-lung", "van-quan"], Agencies(surveyed));
        Assert.Equal((83.5m, 76m), (Total(surveyed, "huu-lung"), Total(surveyed, "van-quan")));
        AssertProblemNames(await Get($"/api/years/2017/rankings/districts?asOf=2017-05-01T00:00:00%2B07:00&axis=effective", 404), "asOf");

        // Recorded axis: the ledger knew nothing of 2017 before today; now it knows all of it.
        AssertProblemNames(await Get($"/api/years/2017/rankings/districts?asOf={Iso(beforeRecording)}", 404), "asOf");
        var now = await Get($"/api/years/2017/rankings/districts?asOf={Iso(await Now())}");
        Assert.Equal(Agencies(surveyed), Agencies(now));
        Assert.Equal(Total(surveyed, "huu-lung"), Total(now, "huu-lung"));

        // Each event says when it took effect and which file it came from; the ledger still verifies.
        await using var session = Store.QuerySession();
        var card = await session.Events.FetchStreamAsync("scorecard-2017-huu-lung");
        Assert.Equal(new DateTimeOffset(2017, 12, 15, 0, 0, 0, TimeSpan.FromHours(7)), EffectiveTime.Of(card[0]));
        Assert.Equal(new DateTimeOffset(2018, 1, 12, 0, 0, 0, TimeSpan.FromHours(7)), EffectiveTime.Of(card[^1]));
        Assert.All(card, e => Assert.Equal("ket-qua-2017.csv", e.Headers!["importFile"]!.ToString()));
        Assert.True(card.All(e => e.Timestamp > beforeRecording)); // recorded now, never backdated
        Assert.True((await Get("/api/integrity/verification"))["ok"]!.GetValue<bool>());
    }

    [Fact]
    public async Task every_refused_score_is_named_by_row_and_column_and_nothing_of_the_block_is_written()
    {
        Assert.Equal(200, (await Import("criteria", "phu-luc-2017.xlsx", CriteriaAppendix(), fields: Set2017)).Status);
        Assert.Equal(200, (await Import("agencies", "don-vi.csv", DistrictList(), fields: [("block", "districts")])).Status);
        var before = await EventCount();
        var bad = Spreadsheets.Csv(
            "Mã đơn vị;Mã tiêu chí;Tự chấm;Thẩm định;Điều tra XHH",
            "huu-lung;1.1;25;;",          // above the maximum 20
            "huu-lung;1.1;18;;",          // the same leaf twice
            "huu-lung;9.9;1;;",           // no such criterion
            "bac-son;1.1;10;;",           // no such agency
            "van-quan;1.1;mười;;",        // not a number
            "van-quan;2.1;;;45",          // survey above its maximum 40
            "van-quan;1.2;9/0;;");        // a ratio over zero
        var (status, problem) = await Import("scores", "ket-qua-loi.csv", bad, fields: [("year", "2017"), ("submit", "false")]);
        Assert.Equal(400, status);
        var where = problem["problems"]!.AsArray().Select(p => (p!["row"]!.GetValue<int>(), p["column"]!.GetValue<string>())).Order().ToList();
        Assert.Equal([(2, "C (Tự chấm)"), (3, "B (Mã tiêu chí)"), (4, "B (Mã tiêu chí)"), (5, "A (Mã đơn vị)"), (6, "C (Tự chấm)"), (7, "E (Điều tra XHH)"), (8, "C (Tự chấm)")], where);
        Assert.Contains(problem["problems"]!.AsArray(), p => p!["reason"]!.GetValue<string>().Contains("Vượt quá điểm tối đa 20"));
        Assert.Contains(problem["problems"]!.AsArray(), p => p!["reason"]!.GetValue<string>().Contains("chưa được đăng ký"));
        Assert.Equal(before, await EventCount());
    }

    [Fact]
    public async Task a_self_assessment_that_cannot_be_submitted_is_one_problem_that_counts_the_appraisals_it_holds_back()
    {
        Assert.Equal(200, (await Import("criteria", "phu-luc-2017.xlsx", CriteriaAppendix(), fields: Set2017)).Status);
        Assert.Equal(200, (await Import("agencies", "don-vi.csv", DistrictList(), fields: [("block", "districts")])).Status);
        var before = await EventCount();
        var file = Spreadsheets.Csv("Mã đơn vị;Mã tiêu chí;Tự chấm;Thẩm định", "huu-lung;1.1;18;15", "huu-lung;1.2;9/10;8/10");
        var (status, problem) = await Import("scores", "thieu-tu-cham.csv", file, fields: [("year", "2017")]);
        Assert.Equal(400, status);
        var only = Assert.Single(problem["problems"]!.AsArray())!;
        Assert.Equal((3, "A (Mã đơn vị)"), (only["row"]!.GetValue<int>(), only["column"]!.GetValue<string>()));
        Assert.Contains("chưa tự chấm", only["reason"]!.GetValue<string>());
        Assert.EndsWith("Vì chưa nộp được, 2 điểm thẩm định của đơn vị huu-lung chưa được kiểm tra.", only["reason"]!.GetValue<string>());
        Assert.Equal(before, await EventCount());
    }

    [Fact]
    public async Task a_criteria_set_comes_as_csv_and_agencies_and_scores_as_xlsx_just_the_same()
    {
        var appendix = Spreadsheets.Csv(
            "PHỤ LỤC: BỘ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH CẤP HUYỆN NĂM 2017",
            "STT;Lĩnh vực, tiêu chí;Điểm tối đa;Phương pháp;Bước",
            "1.;Công tác chỉ đạo, điều hành;60;;",
            "1.1.;Ban hành kế hoạch CCHC;60;Thang điểm;0,5",
            "2.;Điều tra xã hội học;40;;",
            "2.1.;Mức độ hài lòng;40;Điều tra XHH;",
            ";Tổng cộng;100;;");
        var (criteria, set) = await Import("criteria", "phu-luc.csv", appendix, fields: [.. Set2017, ("classBands", "Tốt: 80; Khá: 65; Trung bình: 50; Yếu: 0")]);
        Assert.True(criteria == 200 && set["committed"]!.GetValue<bool>(), set.ToJsonString());
        var agencies = Spreadsheets.Xlsx(("Danh sách", [["DANH SÁCH ĐƠN VỊ"], [], ["Mã đơn vị", "Tên đơn vị"], ["huu-lung", "UBND huyện Hữu Lũng"], ["van-quan", "UBND huyện Văn Quan"]]));
        Assert.Equal(200, (await Import("agencies", "don-vi.xlsx", agencies, fields: [("block", "districts")])).Status);
        var scores = Spreadsheets.Xlsx(("Kết quả", [["Mã đơn vị", "Mã tiêu chí", "Tự chấm", "Thẩm định", "Điều tra XHH"],
            ["huu-lung", "1.1", 50m, 45.5m, null], ["huu-lung", "2.1", null, null, 30.5m], ["van-quan", "1.1", 40m, 40m, null], ["van-quan", "2.1", null, null, 35m]]));
        var (status, report) = await Import("scores", "ket-qua.xlsx", scores, fields: [("year", "2017")]);
        Assert.True(status == 200, report.ToJsonString());
        var ranking = await Get("/api/years/2017/rankings/districts");
        Assert.Equal(["huu-lung", "van-quan"], Agencies(ranking));
        Assert.Equal((45.5m + 30.5m, 40m + 35m), (Total(ranking, "huu-lung"), Total(ranking, "van-quan")));
    }

    [Fact]
    public async Task a_file_that_cannot_be_read_or_a_bad_command_is_refused_naming_it_and_nothing_is_written()
    {
        Assert.Equal(200, (await Import("criteria", "phu-luc-2017.xlsx", CriteriaAppendix(), fields: Set2017)).Status);
        var before = await EventCount();
        async Task<JsonNode> Refused(string kind, string name, byte[] content, params (string, string)[] fields)
        {
            var (status, problem) = await Import(kind, name, content, fields: fields);
            Assert.True(status == 400, $"{name}: {status} {problem.ToJsonString()}");
            Assert.Equal(before, await EventCount());
            return problem;
        }
        string Reason(JsonNode problem) => problem["problems"]![0]!["reason"]!.GetValue<string>();

        Assert.Contains(".xls", Reason(await Refused("agencies", "don-vi.xls", [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0], ("block", "districts"))));
        Assert.Contains("CSV UTF-8", Reason(await Refused("agencies", "don-vi.csv", [.. "Mã đơn vị;Tên đơn vị\r\nhuu-lung;UBND huyện Hữu Lũng"u8.ToArray()[..3], 0xC3, 0x28, 0xFF], ("block", "districts"))));
        Assert.Contains("Không đọc được tệp XLSX", Reason(await Refused("agencies", "hong.xlsx", [0x50, 0x4B, 0x03, 0x04, 1, 2, 3, 4, 5, 6], ("block", "districts"))));
        var noHeading = await Refused("agencies", "khong-tieu-de.csv", Spreadsheets.Csv("huu-lung;UBND huyện Hữu Lũng", "van-quan;UBND huyện Văn Quan"), ("block", "districts"));
        Assert.Contains("Không tìm thấy dòng tiêu đề", Reason(noHeading));
        Assert.Equal("khong-tieu-de", noHeading["problems"]![0]!["sheet"]!.GetValue<string>());

        // What the command says is named as the field it came in.
        var badDate = await Refused("agencies", "don-vi.csv", DistrictList(), ("block", "districts"), ("effectiveAt", "31/02/2017"));
        Assert.True(badDate["errors"]!.AsObject().ContainsKey("effectiveAt"), badDate.ToJsonString());
        var order = await Refused("scores", "ket-qua.csv", DistrictScores(), ("year", "2017"), ("selfAssessedAt", "15/01/2018"), ("appraisedAt", "10/01/2018"));
        Assert.True(order["errors"]!.AsObject().ContainsKey("appraisedAt"), order.ToJsonString());
        Assert.True((await Refused("scores", "ket-qua.csv", DistrictScores()))["errors"]!.AsObject().ContainsKey("year"));
        AssertProblemNames((await Import("scores", "ket-qua.csv", DistrictScores(), fields: [("year", "hai nghìn")])).Body, "year");
        AssertProblemNames((await Import("agencies", "rong.csv", [], fields: [("block", "districts")])).Body, "file");

        // Not a form, or not this role's kind of file: refused before anything is read.
        AssertProblemNames(await Post("/api/imports/agencies", new { block = "districts" }, 415), "body");
        using var client = Host.Server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.For(Hosting.Roles.Appraiser));
        using var form = new MultipartFormDataContent { { new ByteArrayContent(DistrictList()), "file", "don-vi.csv" } };
        Assert.Equal(403, (int)(await client.PostAsync("/api/imports/agencies", form)).StatusCode);
        Assert.Equal(before, await EventCount());
    }

    [Fact]
    public async Task the_same_file_sent_four_times_at_once_is_imported_once()
    {
        Assert.Equal(200, (await Import("criteria", "phu-luc-2017.xlsx", CriteriaAppendix(), fields: Set2017)).Status);
        Assert.Equal(200, (await Import("agencies", "don-vi.csv", DistrictList(), fields: [("block", "districts")])).Status);
        var before = await EventCount();
        var file = DistrictScores();
        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => Import("scores", $"ket-qua-{i}.csv", file, fields: [("year", "2017")])));
        var committed = answers.Where(a => a.Status == 200 && a.Body["committed"]!.GetValue<bool>()).ToList();
        var written = Assert.Single(committed).Body["events"]!.AsArray().Sum(e => e!["count"]!.GetValue<int>());
        // The others found it imported already, or lost the race at the commit and wrote nothing (400, "run it again").
        Assert.All(answers.Except(committed), a => Assert.True(a.Status == 200 && a.Body["alreadyImported"]!.GetValue<bool>() || a.Status == 400, a.Body.ToJsonString()));
        Assert.Equal(before + written + 1, await EventCount());
        Assert.Single((await Get("/api/imports")).AsArray(), i => i!["import"]!["kind"]!.GetValue<string>() == "scores");
    }

    [Fact]
    public async Task cchc_import_dry_runs_a_file_listing_every_problem_then_imports_it_all_or_nothing_and_never_twice()
    {
        var folder = Directory.CreateTempSubdirectory("cchc-import-").FullName;
        var bad = Path.Combine(folder, "phu-luc-loi.xlsx");
        await File.WriteAllBytesAsync(bad, CriteriaAppendix(["4", "Lĩnh vực thiếu điểm", "hai mươi"], ["4.1", "Lá có phương pháp lạ", 5m, "Bốc thăm"]));
        var good = Path.Combine(folder, "phu-luc-2017.xlsx");
        await File.WriteAllBytesAsync(good, CriteriaAppendix());
        string[] set = ["--set-id", "2017-districts", "--year", "2017", "--block", "districts", "--title", "Bộ chỉ số CCHC cấp huyện năm 2017",
            "--decision", "QĐ 1052/QĐ-UBND", "--effective-at", "30/05/2017"];
        var before = await EventCount();

        // The dry run of a bad file lists every problem, sheet, row, column and reason in Vietnamese, and exits 1.
        var (badExit, badOutput) = await CchcOnLedger(["import", "criteria", bad, .. set, "--dry-run"]);
        Assert.Equal(1, badExit);
        Assert.Contains("2 lỗi: không ghi gì.", badOutput);
        Assert.Contains("Phụ lục", badOutput);
        Assert.Contains("C (Điểm tối đa)", badOutput);
        Assert.Contains("D (Phương pháp)", badOutput);
        Assert.Contains("không phải là số điểm", badOutput);
        var (badJsonExit, badJson) = await CchcOnLedger(["import", "criteria", bad, .. set, "--dry-run", "--json"]);
        Assert.Equal(1, badJsonExit);
        var problems = JsonNode.Parse(badJson[..(badJson.LastIndexOf('}') + 1)])!["problems"]!.AsArray();
        Assert.Equal([("Phụ lục", 13, "C (Điểm tối đa)"), ("Phụ lục", 14, "D (Phương pháp)")],
            problems.Select(p => (p!["sheet"]!.GetValue<string>(), p["row"]!.GetValue<int>(), p["column"]!.GetValue<string>())).Order());
        // Imported for real, a bad file is refused just the same.
        Assert.Equal(1, (await CchcOnLedger(["import", "criteria", bad, .. set, "--by", "Nguyễn Văn An"])).Exit);
        Assert.Equal(before, await EventCount());

        // A good file: the dry run says what it would write and writes nothing; then it is written, with a progress bar.
        var (dryExit, dry) = await CchcOnLedger(["import", "criteria", good, .. set, "--dry-run"]);
        Assert.Equal(0, dryExit);
        Assert.Contains("Chạy thử: sẽ ghi 2 sự kiện", dry);
        Assert.Equal(before, await EventCount());
        Assert.Equal(2, (await CchcOnLedger(["import", "criteria", good, .. set])).Exit); // who imports must be said
        var (exit, done) = await CchcOnLedger(["import", "criteria", good, .. set, "--by", "Nguyễn Văn An", "--json"]);
        Assert.Equal(0, exit);
        var report = JsonNode.Parse(done)!;
        Assert.True(report["committed"]!.GetValue<bool>());
        Assert.Equal(before + 3, await EventCount());
        await using (var session = Store.QuerySession())
        {
            var stored = await session.Events.FetchStreamAsync("criteria-set-2017-districts");
            Assert.All(stored, e => Assert.Equal((report["sha256"]!.GetValue<string>(), "phu-luc-2017.xlsx", "Nguyễn Văn An"),
                (e.Headers!["importSha256"]!.ToString(), e.Headers["importFile"]!.ToString(), e.UserName)));
        }

        // The same file again, even renamed, writes nothing.
        var copy = Path.Combine(folder, "ban-sao.xlsx");
        File.Copy(good, copy);
        var (againExit, again) = await CchcOnLedger(["import", "criteria", copy, .. set, "--by", "Nguyễn Văn An"]);
        Assert.Equal(0, againExit);
        Assert.Contains("Đã nhập tệp này trước đây: không ghi gì.", again);
        Assert.Equal(before + 3, await EventCount());
        Directory.Delete(folder, recursive: true);
    }

    /// <summary>
    /// <c>cchc import</c> as a process of its own, killed with SIGKILL while its transaction is writing events (PostgreSQL
    /// shows it holding the lock that inserting into mt_events takes): the ledger holds none of the file's events, seals or
    /// MACs, and the same file then imports whole.
    /// </summary>
    [Fact]
    public async Task an_import_killed_mid_transaction_leaves_nothing_half_imported_and_the_same_file_then_imports_whole()
    {
        const int units = 120, leaves = 90;
        Assert.Equal(200, (await Import("criteria", "phu-luc-90.csv", WideCriteria(leaves), fields:
            [("setId", "2017-districts"), ("year", "2017"), ("block", "districts"), ("title", "Bộ chỉ số 90 tiêu chí"), ("classBands", "Tốt: 80; Khá: 65; Trung bình: 50; Yếu: 0"),
             ("decisionRef", "QĐ 1/QĐ-UBND")])).Status);
        Assert.Equal(200, (await Import("agencies", "don-vi-120.csv", Spreadsheets.Csv(["Mã đơn vị;Tên đơn vị", .. Enumerable.Range(1, units).Select(u => $"xa-{u:D3};UBND xã số {u}")]),
            fields: [("block", "districts")])).Status);
        var file = Path.Combine(Directory.CreateTempSubdirectory("cchc-kill-").FullName, "ket-qua-120.xlsx");
        await File.WriteAllBytesAsync(file, WideScores(units, leaves));

        var before = await LedgerRows();
        const string application = "cchc-import-kill-9";
        var connection = new NpgsqlConnectionStringBuilder(await TestDatabase.ConnectionStringAsync()) { ApplicationName = application }.ConnectionString;
        var info = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "cchc.dll"), "import", "scores", file, "--year", "2017", "--block", "districts",
            "--by", "Phòng Cải cách hành chính", "--json", "--connection", connection]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var process = Process.Start(info)!;
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();

        // Killed once its transaction is writing events: the tool's backend holds the row-exclusive lock that inserting into
        // mt_events takes (a schema check at start-up takes none), inside a transaction that has an id.
        await using (var watch = new NpgsqlConnection(OwnerConnection))
        {
            await watch.OpenAsync();
            var clock = Stopwatch.StartNew();
            var writing = false;
            while (!writing && !process.HasExited && clock.Elapsed < TimeSpan.FromMinutes(3))
            {
                await using var probe = new NpgsqlCommand(
                    "select count(*) from pg_stat_activity a join pg_locks l on l.pid = a.pid " +
                    $"where a.application_name = @a and a.backend_xid is not null and l.relation = '{LedgerStore.SchemaName}.mt_events'::regclass and l.mode = 'RowExclusiveLock'", watch);
                probe.Parameters.AddWithValue("a", application);
                writing = (long)(await probe.ExecuteScalarAsync())! > 0;
                if (!writing) await Task.Delay(5);
            }
            Assert.True(writing && !process.HasExited, "the import was caught while writing");
            process.Kill(entireProcessTree: false); // SIGKILL: no handler, no rollback by the tool
            await process.WaitForExitAsync();
            Assert.Equal(137, process.ExitCode);
            // PostgreSQL sees the client gone and rolls the transaction back.
            while (clock.Elapsed < TimeSpan.FromMinutes(3))
            {
                await using var gone = new NpgsqlCommand("select count(*) from pg_stat_activity where application_name = @a", watch);
                gone.Parameters.AddWithValue("a", application);
                if ((long)(await gone.ExecuteScalarAsync())! == 0) break;
                await Task.Delay(20);
            }
        }
        Assert.Equal(before, await LedgerRows());
        Assert.DoesNotContain((await Get("/api/imports")).AsArray(), i => i!["import"]!["kind"]!.GetValue<string>() == "scores");

        // Nothing of it was kept, so the same file is not "already imported": it imports whole.
        var (status, report) = await Import("scores", "ket-qua-120.xlsx", await File.ReadAllBytesAsync(file), fields: [("year", "2017"), ("block", "districts")]);
        Assert.True(status == 200 && report["committed"]!.GetValue<bool>(), report.ToJsonString());
        Assert.Equal(units * (1 + 80 + 1 + 80 + 10), report["events"]!.AsArray().Sum(e => e!["count"]!.GetValue<int>()));
        Assert.True((await Get("/api/integrity/verification"))["ok"]!.GetValue<bool>());
        Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
    }

    /// <summary>Events, seals and MACs: what a half-finished import would have left.</summary>
    private async Task<(long Events, long Seals, long Macs)> LedgerRows()
    {
        await using var conn = new NpgsqlConnection(OwnerConnection);
        await conn.OpenAsync();
        async Task<long> Count(string table)
        {
            await using var cmd = new NpgsqlCommand($"select count(*) from {table}", conn);
            return (long)(await cmd.ExecuteScalarAsync())!;
        }
        return (await Count($"{LedgerStore.SchemaName}.mt_events"), await Count("cchc.event_chain"), await Count("cchc.event_macs"));
    }

    /// <summary>An appendix of <paramref name="leaves"/> one-point leaves in areas of ten; the last area is the survey.</summary>
    private static byte[] WideCriteria(int leaves)
    {
        var lines = new List<string> { "STT;Lĩnh vực, tiêu chí;Điểm tối đa;Phương pháp" };
        var areas = leaves / 10;
        for (var a = 1; a <= areas; a++)
        {
            lines.Add($"{a};{(a == areas ? "Điều tra xã hội học" : $"Lĩnh vực {a}")};10;");
            for (var l = 1; l <= 10; l++) lines.Add($"{a}.{l};Tiêu chí {a}.{l};1;{(a == areas ? "Điều tra XHH" : "Thang điểm")}");
        }
        return Spreadsheets.Csv([.. lines]);
    }

    /// <summary>Every unit's self-score and appraisal of each ordinary leaf, and survey points of each survey leaf.</summary>
    private static byte[] WideScores(int units, int leaves)
    {
        var rows = new List<object?[]> { new object?[] { "Mã đơn vị", "Mã tiêu chí", "Tự chấm", "Thẩm định", "Điều tra XHH" } };
        var areas = leaves / 10;
        for (var u = 1; u <= units; u++)
            for (var a = 1; a <= areas; a++)
                for (var l = 1; l <= 10; l++)
                    rows.Add(a == areas ? [$"xa-{u:D3}", $"{a}.{l}", null, null, 0.5m] : [$"xa-{u:D3}", $"{a}.{l}", 1m, (u + l) % 3 == 0 ? 0.5m : 1m, null]);
        return Spreadsheets.Xlsx(("Kết quả", rows.ToArray()));
    }
}
