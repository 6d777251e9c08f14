using CchcLedger.Api.Demo;

namespace CchcLedger.Api.Tests;

public sealed class RulesVersionTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    private const string Amendments = "/api/criteria-sets/2017-districts/amendments";

    private static object Amendment(params object[] changes) => new { reason = "Đính chính", decisionRef = "QĐ 30/QĐ-UBND", changes };

    [Fact]
    public async Task an_inconsistent_amendment_is_refused_whole_and_writes_nothing()
    {
        await SmallSetAdopted();
        var before = await EventCount();
        // The first change alone would be fine: all or nothing.
        await Refused(() => Post(Amendments, Amendment(
            new { kind = "changeMax", criterion = "1.1", max = 10 },
            new { kind = "changeBands", criterion = "1.3", bands = new[] { new { min = 4, points = 20 }, new { min = 2, points = 10 } } }), 400), "changes", before);
        await Refused(() => Post(Amendments, Amendment(new { kind = "addCriterion", parent = "1", node = new { code = "1.1", title = "Trùng mã", max = 5, method = "bonus" } }), 400),
            "changes[0].node.code", before);
        await Refused(() => Post(Amendments, Amendment(new { kind = "addCriterion", parent = "1.1", node = new { code = "1.1.1", title = "Dưới lá", max = 5, method = "bonus" } }), 400),
            "changes[0].parent", before);
        await Refused(() => Post(Amendments, Amendment(new { kind = "changeMax", criterion = "1.2", max = 0 }), 400), "changes", before);
        await Refused(() => Post(Amendments, new { reason = "Đính chính", changes = new[] { new { kind = "changeMax", criterion = "1.1", max = 10 } } }, 400), "decisionRef", before);
        await Refused(() => Post(Amendments, Amendment(new { kind = "changeMax", criterion = "1.1", max = "mười" }), 400), "changes[0].max", before);
        await Refused(() => Post("/api/criteria-sets/khong-co/amendments", Amendment(new { kind = "changeMax", criterion = "1.1", max = 10 }), 404), "setId", before);

        var set = await Get("/api/criteria-sets/2017-districts");
        Assert.Equal((1, 20m), (set["version"]!.GetValue<int>(), Dec(set["rules"]!["areas"]![0]!["children"]![0]!["max"])));
    }

    [Fact]
    public async Task every_version_stays_readable_and_scores_follow_the_amended_rules_now_and_as_of()
    {
        await SmallSetAdopted();
        await AgencyRegistered("huu-lung", "UBND huyện Hữu Lũng");
        await SelfAssessed("huu-lung", scale: 18);
        var beforeAmendment = await Now();
        await Post(Amendments, Amendment(new { kind = "changeMax", criterion = "1.1", max = 10, }, new { kind = "renameCriterion", criterion = "1.1", title = "Ban hành kế hoạch CCHC đúng hạn" }));

        var v1 = await Get("/api/criteria-sets/2017-districts?version=1");
        var v2 = await Get("/api/criteria-sets/2017-districts?version=2");
        var asOf = await Get($"/api/criteria-sets/2017-districts?asOf={Iso(beforeAmendment)}");
        Assert.Equal((20m, 10m, 20m), (Dec(v1["rules"]!["areas"]![0]!["children"]![0]!["max"]), Dec(v2["rules"]!["areas"]![0]!["children"]![0]!["max"]),
            Dec(asOf["rules"]!["areas"]![0]!["children"]![0]!["max"])));
        await Get("/api/criteria-sets/2017-districts?version=3", 404);

        // The 18 self-scored points of 1.1 now cap at 10, in the ranking now and in the as-of view after the amendment.
        var now = await Get("/api/years/2017/rankings/districts");
        var then = await Get($"/api/years/2017/rankings/districts?asOf={Iso(beforeAmendment)}");
        var after = await Get($"/api/years/2017/rankings/districts?asOf={Iso(await Now())}");
        Assert.Equal(Dec(then["entries"]![0]!["total"]) - 8m, Dec(now["entries"]![0]!["total"]));
        Assert.Equal(Dec(now["entries"]![0]!["total"]), Dec(after["entries"]![0]!["total"]));
        Assert.Equal((1, 2), (then["criteriaSet"]!["version"]!.GetValue<int>(), after["criteriaSet"]!["version"]!.GetValue<int>()));
    }

    [Fact]
    public async Task a_copy_changes_without_touching_its_source()
    {
        await SmallSetAdopted();
        var copy = await Post("/api/criteria-sets", new { id = "2018-districts", year = 2018, title = "Bộ chỉ số CCHC năm 2018", copyFrom = "2017-districts@1" }, 201);
        Assert.Equal(("2017-districts", 1), (copy["copiedFrom"]!["id"]!.GetValue<string>(), copy["copiedFrom"]!["version"]!.GetValue<int>()));
        await Post("/api/criteria-sets/2018-districts/amendments", new
        {
            reason = "Bộ chỉ số 2018", decisionRef = "QĐ 50",
            changes = new object[] { new { kind = "changeMax", criterion = "2.1", max = 30 }, new { kind = "changeMax", criterion = "2", max = 30 } },
        });
        Assert.Equal(40m, Dec((await Get("/api/criteria-sets/2017-districts"))["maxPoints"]) - 60m);
        Assert.Equal(90m, Dec((await Get("/api/criteria-sets/2018-districts"))["maxPoints"]));

        var before = await EventCount();
        await Refused(() => Post("/api/criteria-sets", new { id = "2019-districts", year = 2019, title = "2019", copyFrom = "2017-districts@7" }, 404), "copyFrom", before);
        await Refused(() => Post("/api/criteria-sets", new { id = "2019-districts", year = 2019, title = "2019", copyFrom = "Bộ 2017" }, 400), "copyFrom", before);
    }

    [Fact]
    public async Task publication_refusals_name_the_field_and_write_nothing()
    {
        const string url = "/api/years/2017/rankings/districts/publications";
        var before = await EventCount();
        await Refused(() => Post(url, new { decisionRef = "QĐ 1" }, 409), "year", before);          // no set adopted
        await SmallSetAdopted();
        before = await EventCount();
        await Refused(() => Post(url, new { decisionRef = "QĐ 1" }, 409), "block", before);         // nothing scored
        await AgencyRegistered("huu-lung", "UBND huyện Hữu Lũng");
        await SelfAssessed("huu-lung");
        before = await EventCount();
        await Refused(() => Post(url, new { decisionRef = "  " }, 400), "decisionRef", before);
        await Refused(() => Post("/api/years/2017/rankings/vung-khac/publications", new { decisionRef = "QĐ 1" }, 404), "block", before);
        await Get($"{url}/1", 404);
        await Get($"{url}/1/regeneration", 404);
        Assert.Empty((await Get(url)).AsArray());
    }

    [Fact]
    public async Task the_public_reads_and_checks_publications_without_a_token()
    {
        await DemoLoader.LoadAsync(Store, DemoData.Read(DemoData.DefaultPath()));
        await Post("/api/years/2017/rankings/departments/publications", new { decisionRef = "QĐ 345/QĐ-UBND" }, 201);
        foreach (var url in new[] { "", "/1", "/1/regeneration" })
            await Host.Scenario(s =>
            {
                s.Get.Url("/api/years/2017/rankings/departments/publications" + url);
                s.StatusCodeShouldBe(200);
            });
        await Host.Scenario(s =>
        {
            s.Post.Json(new { decisionRef = "QĐ 346" }).ToUrl("/api/years/2017/rankings/departments/publications");
            s.StatusCodeShouldBe(401);
        });
    }

    [Fact]
    public async Task a_publication_made_while_scores_change_regenerates_identically()
    {
        await DemoLoader.LoadAsync(Store, DemoData.Read(DemoData.DefaultPath()));
        var agencies = (await Get("/api/years/2017/rankings/districts"))["entries"]!.AsArray().Select(e => e!["agency"]!.GetValue<string>()).ToList();
        var writes = agencies.Select((agency, i) => Post($"/api/years/2017/scorecards/{agency}/adjustments",
            new { criterion = "7.4", points = i % 2 == 0 ? 1.5m : 1m, reason = "Phúc tra", decisionRef = $"QĐ {500 + i}/QĐ-UBND" }));
        var publication = Post("/api/years/2017/rankings/districts/publications", new { decisionRef = "QĐ 345/QĐ-UBND" }, 201);
        await Task.WhenAll(writes.Append(publication));

        var regenerated = await Get("/api/years/2017/rankings/districts/publications/1/regeneration");
        Assert.True(regenerated["identical"]!.GetValue<bool>(), regenerated.ToJsonString());
        Assert.Equal((await publication)["digest"]!.GetValue<string>(), regenerated["digest"]!.GetValue<string>());
    }
}
