using CchcLedger.Api.Hosting;
using JasperFx.Events;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace CchcLedger.Web.Tests;

/// <summary>An officer files an appeal and withdraws it in the browser, on a year of its own (2013).</summary>
public sealed class AppealWithdrawalTests(WebFixture fixture) : WebTest(fixture)
{
    private const int Year = 2013;
    private const string Agency = "cao-loc";

    [Fact]
    public async Task an_officer_withdraws_an_open_appeal_and_a_page_left_open_cannot_withdraw_it_again()
    {
        await OneLeafSetAdopted(Year, "Quyết định số 5/QĐ-UBND ngày 05/01/2013 (thử)");
        await SelfAssessedAndSubmitted(Year, Agency, 18, "Kế hoạch số 3/KH-UBND");
        await Fixture.Api("POST", $"/api/years/{Year}/scorecards/{Agency}/appraisals", new { criterion = "1.1", points = 15, note = "Kế hoạch ban hành chậm" }, Roles.Appraiser);
        await Fixture.Api("POST", $"/api/years/{Year}/rankings/districts/preliminary", new { appealWindowDays = 10 }, Roles.Appraiser);

        var officer = await Open($"/ket-qua/{Year}/{Agency}", Roles.AgencyOfficer, agency: Agency);
        Assert.Contains("UBND huyện Cao Lộc", await officer.InnerTextAsync("header"));
        await officer.ClickAsync("#tc-1-1 summary");
        await officer.FillAsync("#tc-1-1-requested", "18");
        await officer.FillAsync("#tc-1-1-argument", "Kế hoạch ban hành đúng hạn, có sổ công văn kèm theo");
        await officer.ClickAsync("#tc-1-1 button[type=submit]");
        Assert.Contains("Đã gửi kiến nghị.", await Text(officer));
        var left = await (await Fixture.As(Roles.AgencyOfficer, Agency)).NewPageAsync();
        await left.GotoAsync($"/ket-qua/{Year}/{Agency}");

        var appealId = $"{Year}-{Agency}-1";
        await officer.FillAsync($"#rut-{appealId}", "Đơn vị đã thống nhất với kết quả thẩm định");
        var sent = await HiddenFields(officer, $"form:has(#rut-{appealId})");
        sent["reason"] = "Đơn vị đã thống nhất với kết quả thẩm định";
        await officer.ClickAsync($"button:has-text('Rút kiến nghị {appealId}')");
        Assert.Contains("Đã rút kiến nghị.", await Text(officer));
        // The same form sent again (a double click): it lands where the first went, and nothing more is written.
        var again = await Post(officer, $"/ket-qua/{Year}/{Agency}?handler=rut", sent);
        Assert.Equal(303, again.Status);
        Assert.Contains("Đã rút", await officer.InnerTextAsync($"tr:has(a:has-text('{appealId}'))"));
        Assert.Equal(0, await officer.Locator($"#rut-{appealId}").CountAsync());
        await Shot(officer, "37-rut-kien-nghi");

        // The tab opened before the withdrawal: refused with a sentence, nothing written twice.
        await left.ClickAsync($"button:has-text('Rút kiến nghị {appealId}')");
        var refusedText = await Text(left);
        Assert.True(refusedText.Contains("Dữ liệu đã được thay đổi sau khi bạn mở trang"), refusedText);

        await using var session = Fixture.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var withdrawn = await session.Events.QueryAllRawEvents().Where(e => e.StreamKey == $"scorecard-{Year}-{Agency}" && e.EventTypeName == "appeal_withdrawn").ToListAsync();
        var only = Assert.Single(withdrawn);
        Assert.Equal($"kt-{Roles.AgencyOfficer}-{Agency}", only.Headers?["accountId"]?.ToString());
    }
}
