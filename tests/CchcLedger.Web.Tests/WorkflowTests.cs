using CchcLedger.Api.Hosting;
using JasperFx.Events;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CchcLedger.Web.Tests;

/// <summary>A year's work done in the browser by the demo's people, each signed in with their own account.</summary>
public sealed class WorkflowTests(WebFixture fixture) : WebTest(fixture)
{
    private const int Year = 2015;

    [Fact]
    public async Task the_year_is_done_in_the_browser_by_each_role_in_turn_and_the_ledger_names_the_account_behind_every_step()
    {
        // The criteria administrator's set for the year (its tree editor is not a page yet): a scale, a ratio, count bands, a bonus, a penalty and a survey leaf.
        await Fixture.Api("POST", "/api/criteria-sets", SmallSet(), Roles.CriteriaAdmin);
        await Fixture.Api("POST", $"/api/criteria-sets/{Year}-districts/adoption", new { decisionRef = "Quyết định số 19/QĐ-UBND ngày 05/01/2015 (thử)" }, Roles.CriteriaAdmin);
        var before = CchcLedger.Api.Web.Format.AsOfValue(DateTimeOffset.UtcNow.AddSeconds(-1));

        // The officer of Hữu Lũng self-scores each criterion with the input its method takes, then submits.
        var officer = await SignedIn("huulung");
        await officer.GotoAsync($"/tu-danh-gia/{Year}/huu-lung");
        Assert.Contains("Đã tự chấm 0/5 tiêu chí", await Text(officer));
        await SaveLeaf(officer, "1.1", ("points", "18"), ("evidence[0].title", "Kế hoạch CCHC năm 2015"), ("evidence[0].documentRef", "Kế hoạch số 12/KH-UBND ngày 10/01/2015"));
        await SaveLeaf(officer, "1.2", ("numerator", "9"), ("denominator", "10"), ("evidence[0].title", "Báo cáo kết quả thực hiện kế hoạch"), ("evidence[0].documentRef", "Báo cáo số 301/BC-UBND"));
        await SaveLeaf(officer, "1.3", ("count", "4"), ("evidence[0].title", "Các báo cáo định kỳ"), ("evidence[0].documentRef", "Sổ công văn đi 2015"));
        // A number as a Vietnamese types it, refused beside its field with the typed value kept.
        await SaveLeaf(officer, "1.4", ("points", "0,5,0"), ("explanation", "Không có sáng kiến được công nhận"));
        Assert.Contains("không phải là một số", await officer.InnerTextAsync("#tc-1-4-points-error"));
        Assert.Equal("0,5,0", await officer.InputValueAsync("#tc-1-4-points"));
        await SaveLeaf(officer, "1.4", ("points", "0"), ("explanation", "Không có sáng kiến được công nhận"));
        await SaveLeaf(officer, "1.5", ("points", "0"), ("explanation", "Không vi phạm"));
        Assert.Contains("Đã tự chấm 5/5 tiêu chí", await Text(officer));
        await Shot(officer, "20-tu-danh-gia");
        await officer.ClickAsync("a:has-text('Nộp tự đánh giá')");
        await officer.ClickAsync("#nop button[type=submit]");
        Assert.Contains("Hãy đánh dấu xác nhận", await officer.InnerTextAsync("#confirm-error"));
        await officer.CheckAsync("#confirm");
        await Shot(officer, "21-nop-tu-danh-gia");
        await officer.ClickAsync("#nop button[type=submit]");
        Assert.Contains("Đã nộp tự đánh giá.", await Text(officer));
        Assert.Contains("điểm tự chấm đã khoá, chỉ xem", await Text(officer));
        Assert.Equal(0, await officer.Locator("form.leaf-form").CountAsync());

        // The appraiser finds it in the worklist, accepts four self-scores and sets the ratio with a note, then issues the preliminary results.
        var appraiser = await SignedIn("thamdinh");
        await appraiser.GotoAsync($"/tham-dinh/{Year}/khoi/districts");
        Assert.Contains("Đã nộp 1/1 hồ sơ", await Text(appraiser));
        await appraiser.ClickAsync("a:has-text('Thẩm định UBND huyện Hữu Lũng')");
        foreach (var code in new[] { "1.1", "1.3", "1.4", "1.5" })
            await appraiser.ClickAsync($"#tc-{code.Replace('.', '-')} button[value=accept]");
        await appraiser.FillAsync("#tc-1-2-numerator", "8");
        await appraiser.FillAsync("#tc-1-2-denominator", "10");
        await appraiser.ClickAsync("#tc-1-2 button[value=set]");
        Assert.Contains("Chấm khác điểm tự chấm", await appraiser.InnerTextAsync("#tc-1-2-note-error"));
        await appraiser.FillAsync("#tc-1-2-note", "Báo cáo chỉ chứng minh 8/10 nhiệm vụ hoàn thành");
        await appraiser.ClickAsync("#tc-1-2 button[value=set]");
        Assert.Contains("Đã thẩm định 5/5 tiêu chí", await Text(appraiser));
        await Shot(appraiser, "22-tham-dinh");
        await appraiser.GotoAsync($"/tham-dinh/{Year}/khoi/districts");
        var windowEnds = DateTimeOffset.UtcNow.AddSeconds(25);
        await appraiser.FillAsync("#appealWindowDays", "");
        await appraiser.FillAsync("#appealWindowEnds", windowEnds.ToOffset(TimeSpan.FromHours(7)).ToString("dd/MM/yyyy HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture));
        await appraiser.ClickAsync("#form-so-bo button[type=submit]");
        Assert.Contains("Đã thông báo kết quả sơ bộ", await Text(appraiser));
        await Shot(appraiser, "23-ket-qua-so-bo");

        // The officer reads the results and appeals the ratio.
        await officer.GotoAsync($"/ket-qua/{Year}/huu-lung");
        Assert.Contains("Đang trong thời hạn kiến nghị", await Text(officer));
        await officer.ClickAsync("#tc-1-2 summary");
        await officer.FillAsync("#tc-1-2-requested", "18");
        await officer.FillAsync("#tc-1-2-argument", "Nhiệm vụ thứ 9 đã hoàn thành ngày 28/12/2015, có báo cáo kèm theo");
        await officer.ClickAsync("#tc-1-2 button[type=submit]");
        Assert.Contains("Đã gửi kiến nghị.", await Text(officer));
        await Shot(officer, "24-kien-nghi");

        // The council's secretary records the decision, the vote checked as it is typed.
        var secretary = await SignedIn("thuky");
        await secretary.GotoAsync($"/hoi-dong/{Year}");
        var appealForm = secretary.Locator("form[data-votes]").First;
        await appealForm.Locator("input[value=upheld]").CheckAsync();
        await appealForm.Locator("textarea[name=reason]").FillAsync("Đơn vị bổ sung báo cáo chứng minh đủ 9/10 nhiệm vụ");
        await appealForm.Locator("input[name=decisionRef]").FillAsync("Biên bản họp Hội đồng thẩm định số 03/BB-HĐTĐ ngày 20/01/2016");
        await appealForm.Locator("input[name=membersPresent]").FillAsync("5");
        await appealForm.Locator("input[name=votesFor]").FillAsync("2");
        await appealForm.Locator("input[name=votesAgainst]").FillAsync("1");
        Assert.Contains("chưa quá một nửa", await appealForm.Locator(".votes-check").InnerTextAsync());
        await appealForm.Locator("input[name=votesFor]").FillAsync("4");
        Assert.Contains("quá bán", await appealForm.Locator(".votes-check").InnerTextAsync());
        await Shot(secretary, "25-hoi-dong");
        await appealForm.Locator("button[type=submit]").ClickAsync();
        Assert.Contains("Đã ghi quyết định kiến nghị", await Text(secretary));

        // After the window, the appraiser publishes and is shown the digest.
        var wait = windowEnds - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(1);
        if (wait > TimeSpan.Zero) await Task.Delay(wait);
        await appraiser.GotoAsync($"/tham-dinh/{Year}/khoi/districts");
        await appraiser.FillAsync("#decisionRef", "Quyết định số 345/QĐ-UBND ngày 01/02/2016 (thử)");
        await appraiser.ClickAsync("#form-cong-bo button[type=submit]");
        await appraiser.WaitForURLAsync(url => url.Contains($"/cong-bo/{Year}/districts/1"));
        var published = await appraiser.InnerTextAsync("[role=status]");
        Assert.Matches("Mã băm \\(SHA-256\\): [0-9a-f]{64}", published);
        await Shot(appraiser, "26-cong-bo");

        // The auditor sees the change explained: who decided what, by which document.
        var auditor = await SignedIn("kiemtoan");
        await auditor.GotoAsync($"/don-vi/{Year}/huu-lung/giai-trinh?from={Uri.EscapeDataString(before)}");
        var explained = await Text(auditor);
        Assert.Contains("Biên bản họp Hội đồng thẩm định số 03/BB-HĐTĐ ngày 20/01/2016", explained);
        Assert.Contains("Theo kiến nghị 2015-huu-lung-1: Đơn vị bổ sung báo cáo chứng minh đủ 9/10 nhiệm vụ (biểu quyết: 4 tán thành, 1 không tán thành, 5 thành viên có mặt)", explained);
        Assert.Contains("Phạm Văn Cường", explained);
        Assert.DoesNotContain("changed by appeal", explained);
        await Shot(auditor, "27-giai-trinh");

        // Every step is in the ledger under the account that did it.
        await using var session = Fixture.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var events = await session.Events.QueryAllRawEvents()
            .Where(e => e.StreamKey == $"scorecard-{Year}-huu-lung" || e.StreamKey == $"round-{Year}-districts").OrderBy(e => e.Sequence).ToListAsync();
        string? AccountOf(IEvent e) => e.Headers?.TryGetValue("accountId", out var v) == true ? v?.ToString() : null;
        void By(string eventType, string account) =>
            Assert.True(events.Any(e => e.EventTypeName == eventType) && events.Where(e => e.EventTypeName == eventType).All(e => AccountOf(e) == account),
                $"{eventType}: {string.Join(", ", events.Where(e => e.EventTypeName == eventType).Select(AccountOf))}, expected {account}");
        By("self_score_entered", "huulung");
        By("self_assessment_submitted", "huulung");
        By("appraisal_recorded", "thamdinh");
        By("preliminary_results_issued", "thamdinh");
        By("appeal_filed", "huulung");
        By("appeal_decided", "thuky");
        By("ranking_published", "thamdinh");
    }

    [Fact]
    public async Task each_role_s_work_pages_are_refused_to_the_others_with_a_vietnamese_page_and_an_officer_never_opens_another_agency()
    {
        foreach (var (path, who, agency) in new (string, string, string?)[]
        {
            ("/tham-dinh/2017/khoi/districts", Roles.AgencyOfficer, "huu-lung"),
            ("/tham-dinh/2017/huu-lung", Roles.AgencyOfficer, "huu-lung"),
            ("/hoi-dong/2017", Roles.Appraiser, null),
            ("/quan-tri/tai-khoan", Roles.Appraiser, null),
            ("/tu-danh-gia/2017/huu-lung", Roles.Appraiser, null),
            ("/tu-danh-gia/2017/van-quan", Roles.AgencyOfficer, "huu-lung"),
            ("/ket-qua/2017/van-quan", Roles.AgencyOfficer, "huu-lung"),
        })
        {
            var page = await Open(path, who, status: 403, agency: agency);
            Assert.Contains("Không có quyền truy cập", await Text(page));
            Assert.DoesNotContain("UBND huyện Văn Quan", await Text(page));
            await page.CloseAsync();
        }
        // An auditor reads who holds which right, without a form to change them.
        var accounts = await Open("/quan-tri/tai-khoan", Roles.Auditor);
        Assert.Contains("Vũ Thị Lan", await Text(accounts));
        Assert.Equal(0, await accounts.Locator("main form").CountAsync());
        await Shot(accounts, "28-tai-khoan");
    }

    private async Task<IPage> SignedIn(string login)
    {
        var context = await Fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        await WebFixture.SignInAsync(page, login, CchcLedger.Api.Demo.DemoAccounts.Password);
        return page;
    }

    /// <summary>Fills one criterion's form on the self-assessment page and saves it.</summary>
    private static async Task SaveLeaf(IPage page, string code, params (string Field, string Value)[] fields)
    {
        var form = page.Locator($"#tc-{code.Replace('.', '-')} form");
        foreach (var (field, value) in fields) await form.Locator($"[name='{field}']").FillAsync(value);
        await form.Locator("button[type=submit]").ClickAsync();
        await page.WaitForLoadStateAsync();
    }

    private static object SmallSet() => new
    {
        id = $"{Year}-districts", year = Year, block = "districts",
        title = "Bộ chỉ số CCHC cấp huyện năm 2015 (thử nghiệm)",
        areas = new object[]
        {
            new
            {
                code = "1", title = "Công tác chỉ đạo, điều hành", max = 60,
                children = new object[]
                {
                    new { code = "1.1", title = "Ban hành kế hoạch CCHC", max = 20, method = "scale", step = 0.5 },
                    new { code = "1.2", title = "Tỷ lệ hoàn thành kế hoạch", max = 20, method = "ratio" },
                    new { code = "1.3", title = "Số báo cáo đúng hạn", max = 20, method = "bands", basis = "count", bands = new[] { new { min = 4, points = 20 }, new { min = 2, points = 10 }, new { min = 0, points = 0 } } },
                    new { code = "1.4", title = "Điểm thưởng", max = 5, method = "bonus" },
                    new { code = "1.5", title = "Điểm trừ", max = 2, method = "penalty" },
                },
            },
            new { code = "2", title = "Điều tra xã hội học", max = 40, children = new object[] { new { code = "2.1", title = "Mức độ hài lòng", max = 40, method = "survey" } } },
        },
        classBands = new[] { new { label = "Tốt", min = 80 }, new { label = "Khá", min = 65 }, new { label = "Trung bình", min = 50 }, new { label = "Yếu", min = 0 } },
        rounding = new { decimals = 2, mode = "halfUp" },
        tieRule = new { kind = "shared" },
    };
}
