using System.Text.RegularExpressions;
using CchcLedger.Api.Hosting;

namespace CchcLedger.Web.Tests;

public sealed class AdjustmentTests(WebFixture fixture) : WebTest(fixture)
{
    [Fact]
    public async Task after_an_adjustment_the_agency_page_as_of_before_it_shows_the_old_total_and_the_explain_page_names_the_decision_and_the_delta()
    {
        // Sở Ngoại vụ, whose figures no other test reads: 1.4 is a scale leaf of 1.5 points, in steps of 0.25.
        var before = await Fixture.Api("GET", "/api/years/2017/scorecards/so-ngoai-vu");
        var oldTotal = before.GetProperty("total").GetDecimal();
        var leaf = before.GetProperty("areas").EnumerateArray().SelectMany(Leaves).Single(l => l.GetProperty("code").GetString() == "1.4");
        var oldPoints = leaf.GetProperty("final").GetDecimal();
        var newPoints = oldPoints >= 0.5m ? oldPoints - 0.5m : oldPoints + 0.5m;
        await Task.Delay(1100);
        var instantBefore = DateTimeOffset.UtcNow;
        await Task.Delay(1100);
        var adjusted = await Fixture.Api("POST", "/api/years/2017/scorecards/so-ngoai-vu/adjustments",
            new { criterion = "1.4", points = newPoints, reason = "Kiểm tra lại hồ sơ theo phản ánh", decisionRef = "Văn bản số 777/SNV-CCHC ngày 20/11/2026 (thử)" }, Roles.Appraiser);
        var newTotal = adjusted.GetProperty("total").GetDecimal();
        Assert.Equal(oldTotal + newPoints - oldPoints, newTotal);
        var vi = System.Globalization.CultureInfo.GetCultureInfo("vi-VN");
        string Vn(decimal v) => v.ToString("#,0.00##", vi);

        var asOf = CchcLedger.Api.Web.Format.AsOfValue(instantBefore);
        var then = await Open($"/don-vi/2017/so-ngoai-vu?asOf={Uri.EscapeDataString(asOf)}");
        Assert.Contains($"{Vn(oldTotal)} điểm", await then.InnerTextAsync(".facts"));
        var now = await Open("/don-vi/2017/so-ngoai-vu");
        Assert.Contains($"{Vn(newTotal)} điểm", await now.InnerTextAsync(".facts"));
        Assert.Contains("Văn bản số 777/SNV-CCHC ngày 20/11/2026 (thử)", await Text(now));
        await Shot(then, "11-don-vi-truoc-dieu-chinh");

        var delta = (newPoints - oldPoints) > 0 ? $"+{Vn(newPoints - oldPoints)}" : $"−{Vn(oldPoints - newPoints)}";
        var agencyExplain = await Open($"/don-vi/2017/so-ngoai-vu/giai-trinh?from={Uri.EscapeDataString(asOf)}");
        var text = await Text(agencyExplain);
        Assert.Contains("Văn bản số 777/SNV-CCHC ngày 20/11/2026 (thử)", text);
        Assert.Contains("Điều chỉnh theo văn bản", text);
        Assert.Contains("Người kiểm thử (appraiser)", text);
        Assert.Matches(new Regex($@"{Regex.Escape(Vn(oldTotal))}\s+.*\n.*{Regex.Escape(Vn(newTotal))}"), text);
        Assert.Contains(delta, text);
        await Shot(agencyExplain, "12-giai-trinh-don-vi");

        var blockExplain = await Open($"/giai-trinh/2017/departments?from={Uri.EscapeDataString(asOf)}");
        var block = await Text(blockExplain);
        Assert.Contains("Sở Ngoại vụ", block);
        Assert.Contains("Văn bản số 777/SNV-CCHC ngày 20/11/2026 (thử)", block);
        Assert.Contains(delta, block);
    }

    private static IEnumerable<System.Text.Json.JsonElement> Leaves(System.Text.Json.JsonElement node) =>
        node.GetProperty("children").GetArrayLength() == 0 ? [node] : node.GetProperty("children").EnumerateArray().SelectMany(Leaves);
}
