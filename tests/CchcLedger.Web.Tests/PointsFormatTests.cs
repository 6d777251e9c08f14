using System.Text.RegularExpressions;

namespace CchcLedger.Web.Tests;

/// <summary>Points as the official tables write them: every total and index with two decimals, so a column never mixes 77,9 with 91,01.</summary>
public sealed class PointsFormatTests(WebFixture fixture) : WebTest(fixture)
{
    [Fact]
    public async Task every_total_and_index_of_a_ranking_table_has_two_decimals_so_77_9_reads_77_90()
    {
        foreach (var (path, who) in new[] { ("/", Visitor), ("/xep-hang/2017/districts", CchcLedger.Api.Hosting.Roles.Auditor), ("/cong-bo/2017/districts/1", Visitor) })
        {
            var page = await Open(path, who);
            var table = page.Locator("table:has(th:has-text('Tổng điểm')):has(th:has-text('Chỉ số')):has-text('UBND huyện Hữu Lũng')").First;
            var headers = await table.Locator("thead th").AllInnerTextsAsync();
            var (total, index) = (headers.ToList().FindIndex(h => h.Contains("Tổng điểm")), headers.ToList().FindIndex(h => h.Contains("Chỉ số")));
            var rows = table.Locator("tbody tr");
            Assert.True(await rows.CountAsync() >= 11, path);
            var figures = new List<string>();
            for (var i = 0; i < await rows.CountAsync(); i++)
            {
                var cells = await rows.Nth(i).Locator("td, th").AllInnerTextsAsync();
                figures.Add(cells[total].Trim());
                figures.Add(cells[index].Trim());
            }
            Assert.All(figures, f => Assert.Matches(new Regex(@"^\d{1,3},\d{2}$"), f));
            var huuLung = await table.Locator("tr:has-text('UBND huyện Hữu Lũng')").Locator("td, th").AllInnerTextsAsync();
            Assert.Equal("77,90", huuLung[total].Trim());
            Assert.Equal("77,90", huuLung[index].Trim());
            if (path == "/xep-hang/2017/districts") await Shot(page, "60-xep-hang-hai-chu-so-thap-phan");
        }
    }

    [Fact]
    public async Task an_agencys_area_table_writes_points_with_two_decimals_and_maxima_as_the_rules_set_them()
    {
        var page = await Open("/don-vi/2017/huu-lung");
        Assert.Contains("77,90 điểm / 100", await page.InnerTextAsync(".facts"));
        var leaf = await page.Locator("tr:has(td:text-is('3.1.2'))").First.Locator("td").AllInnerTextsAsync();
        Assert.Equal(["3.1.2", "Tỷ lệ TTHC được rà soát, đánh giá theo kế hoạch", "2", "1,67", "1,17", "—", "—", "1,17"], leaf);
    }
}
