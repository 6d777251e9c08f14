using System.Text.RegularExpressions;
using CchcLedger.Api.Hosting;
using Microsoft.Playwright;

namespace CchcLedger.Web.Tests;

/// <summary>Each page shows the demo's facts: 31 agencies, 22 Tốt and 9 Khá, UBND huyện Hữu Lũng 77,9 Khá, 11th of 11 districts.</summary>
public sealed class PageTests(WebFixture fixture) : WebTest(fixture)
{
    [Fact]
    public async Task the_home_page_shows_the_official_2017_results_to_anyone()
    {
        var page = await Open("/", Visitor);
        var text = await Text(page);
        Assert.Contains("Kết quả Chỉ số cải cách hành chính năm 2017", text);
        Assert.Matches(@"Tốt\s+22 đơn vị", text);
        Assert.Matches(@"Khá\s+9 đơn vị", text);
        Assert.Matches(@"31", await page.InnerTextAsync(".facts"));
        var huuLung = page.Locator("section#khoi-districts ~ * tr, section tr").Filter(new() { HasText = "UBND huyện Hữu Lũng" }).First;
        Assert.Equal(["11", "UBND huyện Hữu Lũng", "77,90", "77,90", "Khá", "11"], await huuLung.Locator("td, th").AllInnerTextsAsync());
        // The chart is drawn on the server: bars coloured by class, thresholds, and the numbers written on it.
        var chart = page.Locator("svg#bieu-do-districts, figure svg").Nth(1);
        Assert.Contains("77,90 · Khá · hạng 11", await chart.InnerHTMLAsync());
        Assert.True(await page.Locator("a[href='/cong-bo/2017/districts/1']").CountAsync() > 0, "links to the publication");
        await Shot(page, "01-trang-chu");
    }

    [Fact]
    public async Task the_publication_page_shows_entries_decision_digest_and_a_separate_verification_section_and_prints_as_the_appendix()
    {
        var published = await Fixture.Api("GET", "/api/years/2017/rankings/districts/publications/1");
        var page = await Open("/cong-bo/2017/districts/1", Visitor);
        var text = await Text(page);
        Assert.Contains("Quyết định số 195/QĐ-UBND ngày 06/02/2018", text);
        Assert.Contains("06/02/2018 10:15", text);
        // The instant in the hashed text is the recording's, today for the demo: the page says so beside the decision's date.
        var recorded = CchcLedger.Api.Web.Format.DateTime(published.GetProperty("publishedAt").GetDateTimeOffset());
        Assert.Contains($"ghi vào sổ cái lúc {recorded}", text);
        // A visitor reads the criteria set by its title, with no link to a page they may not open.
        Assert.Contains("Bộ chỉ số CCHC năm 2017 UBND các huyện", text);
        Assert.Equal(0, await page.Locator("a[href^='/bo-tieu-chi/']").CountAsync());
        Assert.Equal(published.GetProperty("digest").GetString(), (await page.InnerTextAsync("#digest")).Trim());
        Assert.Matches(new Regex(@"11\s+UBND huyện Hữu Lũng\s+77,90\s+77,90\s+Khá\s+11"), text);
        Assert.Equal(1, await page.Locator("section#kiem-chung").CountAsync());
        Assert.Equal(published.GetProperty("digest").GetString(), await page.GetAttributeAsync("#kiem-chung", "data-digest"));
        Assert.DoesNotContain("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", text);
        await Shot(page, "02-cong-bo");

        // Printed, it is the decision's appendix: the national header, the title, the table and the digest, no navigation.
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });
        var printed = await Text(page, "body");
        Assert.Contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", printed);
        Assert.Contains("Độc lập - Tự do - Hạnh phúc", printed);
        Assert.Contains("PHỤ LỤC: KẾT QUẢ XÁC ĐỊNH CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2017", printed);
        Assert.Contains("(Kèm theo Quyết định số 195/QĐ-UBND", printed);
        Assert.False(await page.IsVisibleAsync("header.site"));
        Assert.False(await page.IsVisibleAsync("#kiem-chung"));
        await page.PdfAsync(new PagePdfOptions { Path = Path.Combine(WebFixture.Artifacts, "02-cong-bo-phu-luc.pdf"), Format = "A4" });
        await Shot(page, "02-cong-bo-ban-in");
    }

    [Fact]
    public async Task the_verify_button_runs_the_independent_verifier_in_the_browser_and_refuses_a_tampered_bundle_or_a_wrong_key()
    {
        var published = await Fixture.Api("GET", "/api/years/2017/rankings/districts/publications/1");
        var fingerprint = (await (await Open("/toan-ven", Visitor)).InnerTextAsync("#fingerprint")).Trim();
        var page = await Open("/cong-bo/2017/districts/1", Visitor);
        Assert.True(await page.IsVisibleAsync("#verify-form"), "the form is shown once the script runs");
        Assert.Equal(1, await page.Locator("a[download][href$='/publications/1/bundle']").CountAsync());

        // The reader pins the fingerprint printed in the decision; the browser fetches the bundle and recomputes.
        await page.FillAsync("#verify-fingerprint", fingerprint);
        await page.ClickAsync("#verify-button");
        var result = page.Locator("#verify-result");
        await Assertions.Expect(result).ToContainTextAsync("ĐÃ CHỨNG MINH", new() { Timeout = 60_000 });
        var proven = await result.InnerTextAsync();
        Assert.Contains(published.GetProperty("digest").GetString()!, proven);
        Assert.Contains(fingerprint, proven);
        Assert.Matches(new Regex(@"\d+ sự kiện của \d+ chuỗi sự kiện .*; bảng xếp hạng tính lại cho 11 đơn vị"), proven);
        Assert.Empty(await SeriousAccessibilityViolations(page));
        await Shot(page, "02-cong-bo-kiem-chung");

        // A key with another fingerprint is not trusted: no verdict without a trusted key.
        await page.FillAsync("#verify-fingerprint", new string('0', 64));
        await page.ClickAsync("#verify-button");
        await Assertions.Expect(result).ToContainTextAsync("CHƯA CÓ KHÓA TIN CẬY", new() { Timeout = 60_000 });

        // A downloaded bundle with one event's author rewritten: its leaf is no longer in the signed tree.
        using var http = new HttpClient { BaseAddress = Fixture.BaseAddress };
        var bytes = await http.GetByteArrayAsync("/api/years/2017/rankings/districts/publications/1/bundle");
        using var gunzip = new System.IO.Compression.GZipStream(new MemoryStream(bytes), System.IO.Compression.CompressionMode.Decompress);
        var bundle = System.Text.Json.Nodes.JsonNode.Parse(gunzip)!;
        var fields = bundle["proof"]!["events"]![0]!["fields"]!.AsArray();
        fields[5] = fields[5]!.GetValue<string>() + " (sửa)";
        var tampered = Path.Combine(WebFixture.Artifacts, "bundle-bi-sua.json");
        await File.WriteAllTextAsync(tampered, bundle.ToJsonString());
        await page.FillAsync("#verify-fingerprint", fingerprint);
        await page.SetInputFilesAsync("#verify-file", tampered);
        Assert.Equal("bundle-bi-sua.json", (await page.InnerTextAsync("#verify-file-name")).Trim());
        await page.ClickAsync("#verify-button");
        await Assertions.Expect(result).ToContainTextAsync("KHÔNG CHỨNG MINH ĐƯỢC", new() { Timeout = 60_000 });
        Assert.Contains("có sự kiện không nằm trong sổ cái đã ký", await result.InnerTextAsync());
        Assert.DoesNotContain("ĐÃ CHỨNG MINH", await result.InnerTextAsync());
        await Shot(page, "02-cong-bo-kiem-chung-bi-sua");
    }

    [Fact]
    public async Task the_server_recomputation_of_a_publication_says_identical_and_says_it_is_the_servers_word()
    {
        var page = await Open("/cong-bo/2017/districts/1?tinhLai=1", Visitor);
        var text = await Text(page, "#tinh-lai + p + p, section:has(#tinh-lai)");
        Assert.Contains("Trùng khớp", text);
        Assert.Contains("chưa phải kiểm chứng độc lập", text);
    }

    [Fact]
    public async Task an_auditor_sees_huu_lungs_scorecard_its_derivation_waterfall_and_timeline()
    {
        var page = await Open("/don-vi/2017/huu-lung");
        var facts = await page.InnerTextAsync(".facts");
        Assert.Contains("77,90 điểm", facts);
        Assert.Contains("Khá", facts);
        Assert.Contains("11/11", facts);
        var text = await Text(page);
        // The leaf the article names: 10 administrative procedures not reviewed, appraised 14/24 of 2 points.
        var leaf = page.Locator("tr").Filter(new() { HasText = "Tỷ lệ TTHC được rà soát, đánh giá theo kế hoạch" }).First;
        Assert.Equal(["3.1.2", "Tỷ lệ TTHC được rà soát, đánh giá theo kế hoạch", "2", "1,67", "1,17", "—", "—", "1,17"], await leaf.Locator("td").AllInnerTextsAsync());
        // The timeline folds long runs of one kind of work (the appraisal of 40 leaves) into a summary a reader opens.
        var timeline = await page.TextContentAsync("section:has(#dien-bien)");
        Assert.Contains("10 TTHC chưa được rà soát, đánh giá theo kế hoạch", timeline);
        Assert.Contains("Hội đồng thẩm định Chỉ số CCHC tỉnh", timeline);
        Assert.Contains("HUU-LUNG/2017/TC-3.1.2", timeline);
        // The demo is told on its calendar: each step shows when it took effect (the year 2017–2018), not the day the
        // ledger recorded it, and an appeal's reason reads in Vietnamese.
        var times = await page.Locator("section:has(#dien-bien) time").AllTextContentsAsync();
        Assert.NotEmpty(times);
        Assert.All(times, t => Assert.Matches(new Regex(@"/(2017|2018)\b"), t));
        Assert.DoesNotContain("changed by appeal", timeline);
        // The waterfall: self-assessment, then each stage's change, down to the total; its numbers are written on it.
        var waterfall = await page.InnerHTMLAsync("section:has(#hinh-thanh) svg");
        Assert.Contains("Tự đánh giá", waterfall);
        Assert.Contains("Thẩm định", waterfall);
        Assert.Contains(">77,90<", waterfall);
        Assert.Contains("Kiến nghị không được chấp nhận", text);
        await Shot(page, "03-don-vi-huu-lung");
    }

    [Fact]
    public async Task a_visitor_sees_only_the_published_figures_of_an_agency()
    {
        var page = await Open("/don-vi/2017/huu-lung", Visitor);
        var text = await Text(page);
        Assert.Contains("chỉ hiện các số liệu đã công bố chính thức", text);
        Assert.Matches(new Regex(@"Quyết định số 195/QĐ-UBND.*77,90\s+77,90\s+Khá\s+11/11", RegexOptions.Singleline), text);
        Assert.DoesNotContain("Tỷ lệ TTHC được rà soát", text);
        Assert.DoesNotContain("10 TTHC chưa được rà soát", text);
        await Shot(page, "04-don-vi-khach");
    }

    [Fact]
    public async Task the_ranking_page_reads_as_of_a_milestone_and_the_url_carries_the_instant()
    {
        var page = await Open("/xep-hang/2017/districts");
        // The year's milestones, from the events, as links: submissions, appraisal, survey, adjustment, preliminary results, publication.
        var milestones = await page.Locator(".milestones li").AllInnerTextsAsync();
        Assert.Contains(milestones, m => m.Contains("Thông báo kết quả sơ bộ (vòng 1)") && m.Contains("16/01/2018 09:00"));
        Assert.Contains(milestones, m => m.Contains("Công bố chính thức lần 1") && m.Contains("06/02/2018"));
        Assert.Contains(milestones, m => m.Contains("Hoàn thành thẩm định"));

        await page.ClickAsync(".milestones a:has-text('Hoàn thành thẩm định')");
        Assert.Contains("asOf=2018-01", page.Url);
        var asOfText = await Text(page);
        Assert.Contains("Số liệu tại thời điểm", asOfText);
        // Before the survey points, no district has its total: the ranking as it then stood.
        var before = await page.Locator("tr").Filter(new() { HasText = "UBND huyện Hữu Lũng" }).Locator("td").AllInnerTextsAsync();
        Assert.NotEqual("77,9", before[1]);

        // The URL alone gives the same view again.
        var again = await Open(new Uri(page.Url).PathAndQuery);
        Assert.Equal(before, await again.Locator("tr").Filter(new() { HasText = "UBND huyện Hữu Lũng" }).Locator("td").AllInnerTextsAsync());

        var typed = await Open("/xep-hang/2017/districts?asOf=15/01/2018 10:00");
        Assert.Contains("15/01/2018 10:00", await typed.InnerTextAsync(".asof-status"));
        Assert.Matches(new Regex(@"11\s+UBND huyện Hữu Lũng\s+77,90"), await Text(typed));
        await Shot(typed, "05-xep-hang-theo-thoi-diem");

        var refused = await Open("/xep-hang/2017/districts?asOf=ngày mai", status: 400);
        // The picker cannot hold what is not an instant, so the refusal repeats what was typed beside the field.
        Assert.Contains("“ngày mai” không phải là một thời điểm", await refused.InnerTextAsync("#asOf-error"));
    }

    [Fact]
    public async Task the_block_explain_page_names_who_changed_what_under_which_decision_and_marks_moves_caused_by_others()
    {
        // From the survey to the adjustments of 12/01/2018: five agencies adjusted by one decision, others moved only by them.
        var page = await Open("/giai-trinh/2017/departments?from=2018-01-12T08:00&to=2018-01-13T08:00");
        var text = await Text(page);
        Assert.Contains("Văn bản số 215/SNV-CCHC ngày 12/01/2018", text);
        Assert.Contains("Điểm của chính đơn vị thay đổi", text);
        Assert.Contains("Sở Y tế", text);
        Assert.Contains("Hội đồng thẩm định Chỉ số CCHC tỉnh", text);
        Assert.Contains("Đơn vị bổ sung tài liệu kiểm chứng", text);
        if (text.Contains("Chỉ do đơn vị khác thay đổi")) Assert.Contains("(do đơn vị khác)", await page.InnerHTMLAsync("figure svg"));
        await Shot(page, "06-giai-trinh-khoi");
    }

    [Fact]
    public async Task the_appeals_pages_list_by_state_and_show_an_appeals_full_history()
    {
        var page = await Open("/kien-nghi/2017");
        var tabs = await page.Locator(".tabs li").AllInnerTextsAsync();
        Assert.Contains("Tất cả (2)", tabs);
        Assert.Contains("Không chấp nhận (1)", tabs);
        Assert.Contains("Đã rút (1)", tabs);
        await page.ClickAsync("a:has-text('Không chấp nhận (1)')");
        Assert.Contains("state=rejected", page.Url);
        await page.ClickAsync("a:has-text('2017-huu-lung-1')");
        var text = await Text(page);
        Assert.Contains("Đơn vị kiến nghị", text);
        Assert.Contains("Đơn vị đã rà soát, đánh giá đủ 24 thủ tục hành chính", text);
        Assert.Contains("Biểu quyết: 8 tán thành, 1 không tán thành, trên 9 thành viên có mặt.", text);
        Assert.Contains("Biên bản họp Hội đồng thẩm định số 03/BB-HĐTĐ ngày 29/01/2018", text);
        await Shot(page, "07-kien-nghi");
    }

    [Fact]
    public async Task the_integrity_page_shows_the_signed_checkpoint_and_the_key_and_staff_can_verify_the_whole_ledger()
    {
        var page = await Open("/toan-ven", Visitor);
        var text = await Text(page);
        Assert.Contains("Hợp lệ với khóa công khai dưới đây", text);
        Assert.Contains("-----BEGIN PUBLIC KEY-----", text);
        Assert.Matches("^[0-9a-f]{64}$", (await page.InnerTextAsync("#fingerprint")).Trim());
        Assert.Contains("cchc verify-bundle", text);
        await Shot(page, "08-toan-ven");

        await Open("/toan-ven/xac-minh", Visitor, status: 401);
        var verified = await Open("/toan-ven/xac-minh");
        Assert.Contains("Toàn vẹn:", await Text(verified));
    }

    [Fact]
    public async Task the_year_over_year_page_draws_the_agencys_years_with_rank()
    {
        var page = await Open("/qua-cac-nam/huu-lung");
        var text = await Text(page);
        Assert.Contains("UBND huyện Hữu Lũng qua các năm", text);
        Assert.Contains("hạng 11/11", await page.InnerHTMLAsync("figure svg"));
        Assert.Contains("77,9", text);
        await Shot(page, "09-qua-cac-nam");
    }

    [Fact]
    public async Task the_criteria_pages_show_a_sets_versions_and_the_diff_between_two_side_by_side()
    {
        // A 2018 set copied from 2017's and amended: the 2017 rankings are untouched.
        await Fixture.Api("POST", "/api/criteria-sets", new { id = "2018-districts-web", year = 2018, title = "Bộ chỉ số CCHC năm 2018 (khối huyện, thử)", copyFrom = "2017-districts" }, Roles.CriteriaAdmin);
        await Task.Delay(1200); // the amendment a second after the draft, so that an instant between them can be asked for
        await Fixture.Api("POST", "/api/criteria-sets/2018-districts-web/amendments", new
        {
            reason = "Điều chỉnh theo hướng dẫn năm 2018",
            decisionRef = "QĐ số 456/QĐ-UBND ngày 15/03/2018 (thử)",
            changes = new object[]
            {
                new { kind = "changeMax", criterion = "3.4", max = 3.5 },
                new { kind = "renameCriterion", criterion = "3.1.2", title = "Tỷ lệ TTHC được rà soát, đánh giá, đơn giản hóa" },
            },
        }, Roles.CriteriaAdmin);

        var list = await Open("/bo-tieu-chi");
        Assert.Contains("Bộ chỉ số CCHC năm 2018 (khối huyện, thử)", await Text(list));
        var page = await Open("/bo-tieu-chi/2018-districts-web?from=1&to=2");
        var text = await Text(page);
        Assert.Contains("QĐ số 456/QĐ-UBND ngày 15/03/2018 (thử)", text);
        Assert.Contains("Điều chỉnh theo hướng dẫn năm 2018", text);
        Assert.True(await page.Locator(".side table").CountAsync() == 2, "both versions side by side");
        Assert.True(await page.Locator(".side tr.changed").CountAsync() >= 4, "the changed criteria are highlighted in both versions");
        Assert.Contains("điểm tối đa", text);
        await Shot(page, "10-bo-tieu-chi");

        // As of an instant before the amendment, the tree shown is the version then in force.
        var versions = await Fixture.Api("GET", "/api/criteria-sets/2018-districts-web/diff?from=1&to=2");
        var amendedAt = versions.GetProperty("amendments")[0].GetProperty("recordedAt").GetDateTimeOffset();
        var before = await Open($"/bo-tieu-chi/2018-districts-web?asOf={Uri.EscapeDataString(CchcLedger.Api.Web.Format.AsOfValue(amendedAt.AddMilliseconds(-600)))}");
        Assert.Contains("Cây tiêu chí, phiên bản 1", await Text(before));
    }
}
