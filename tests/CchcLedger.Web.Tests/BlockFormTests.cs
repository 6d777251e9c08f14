using CchcLedger.Api.Hosting;
using JasperFx.Events;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace CchcLedger.Web.Tests;

/// <summary>The block page's round forms sent twice (a double click, a resubmission), on a year of its own (2011).</summary>
public sealed class BlockFormTests(WebFixture fixture) : WebTest(fixture)
{
    private const int Year = 2011;
    private const string Agency = "cao-loc";

    [Fact]
    public async Task preliminary_results_and_a_publication_sent_twice_land_on_their_first_result_and_write_once()
    {
        await OneLeafSetAdopted(Year, "Quyết định số 4/QĐ-UBND ngày 04/01/2011 (thử)");
        await SelfAssessedAndSubmitted(Year, Agency, 18, "Kế hoạch số 2/KH-UBND");
        await Fixture.Api("POST", $"/api/years/{Year}/scorecards/{Agency}/appraisals", new { criterion = "1.1", points = 16, note = "Kế hoạch ban hành chậm" }, Roles.Appraiser);

        var page = await Open($"/tham-dinh/{Year}/khoi/districts", Roles.Appraiser);
        var preliminary = await HiddenFields(page, "#form-so-bo");
        preliminary["appealWindowDays"] = "10";
        preliminary["appealWindowEnds"] = "";
        await page.FillAsync("#appealWindowDays", "10");
        await page.ClickAsync("#form-so-bo button[type=submit]");
        Assert.Contains("Đã thông báo kết quả sơ bộ", await Text(page));
        var again = await Post(page, $"/tham-dinh/{Year}/khoi/districts?handler=sobo", preliminary);
        Assert.Equal(303, again.Status);
        Assert.Equal(1, await Count("preliminary_results_issued"));

        await Fixture.Api("POST", $"/api/years/{Year}/rankings/districts/preliminary/closure",
            new { reason = "Hết kiến nghị", decisionRef = "Biên bản số 1/BB-HĐTĐ ngày 20/01/2012 (thử)" }, Roles.Appraiser);
        await page.GotoAsync($"/tham-dinh/{Year}/khoi/districts");
        var publication = await HiddenFields(page, "#form-cong-bo");
        publication["decisionRef"] = "Quyết định số 120/QĐ-UBND ngày 01/02/2012 (thử)";
        await page.FillAsync("#decisionRef", publication["decisionRef"]);
        await page.ClickAsync("#form-cong-bo button[type=submit]");
        await page.WaitForURLAsync(url => url.Contains($"/cong-bo/{Year}/districts/1"));
        var published = await Post(page, $"/tham-dinh/{Year}/khoi/districts?handler=congbo", publication);
        Assert.Equal(303, published.Status);
        Assert.EndsWith($"/cong-bo/{Year}/districts/1", published.Headers["location"]);
        Assert.Equal(1, await Count("ranking_published"));
    }

    private async Task<int> Count(string type)
    {
        await using var session = Fixture.Services.GetRequiredService<IDocumentStore>().QuerySession();
        return await session.Events.QueryAllRawEvents().Where(e => e.StreamKey == CchcLedger.Domain.Appeals.ResultsRound.StreamKey(Year, "districts") && e.EventTypeName == type).CountAsync();
    }
}
