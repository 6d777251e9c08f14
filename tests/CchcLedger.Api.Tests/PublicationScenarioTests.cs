using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using CchcLedger.Api.Demo;

namespace CchcLedger.Api.Tests;

/// <summary>The whole story of rules versioning on the Lạng Sơn demo, from the first publication to the second.</summary>
public sealed class PublicationScenarioTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    private const string Ranking2017 = "/api/years/2017/rankings/districts";
    private const string Publications2017 = Ranking2017 + "/publications";

    private static readonly object[] ClassBands2017Corrected =
        [new { label = "Tốt", min = 78 }, new { label = "Khá", min = 65 }, new { label = "Trung bình", min = 50 }, new { label = "Yếu", min = 0 }];

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await DemoLoader.LoadAsync(Store, DemoData.Read(DemoData.DefaultPath()));
    }

    [Fact]
    public async Task publish_amend_copy_score_regenerate_what_if_and_publish_again()
    {
        // 1. Publish 2017: the digest is SHA-256 over the canonical text, as the README says.
        var first = await Post(Publications2017, new { decisionRef = "QĐ 345/QĐ-UBND ngày 20/02/2018" }, 201);
        Assert.Equal((1, "2017-districts", 1), (first["number"]!.GetValue<int>(), Str(first["criteriaSet"]!["id"]), first["criteriaSet"]!["version"]!.GetValue<int>()));
        var firstDigest = Str(first["digest"]);
        var stored = await Get($"{Publications2017}/1");
        Assert.Equal(firstDigest, Str(stored["digest"]));
        Assert.Equal(firstDigest, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Str(stored["canonical"])))));
        var official = Entries(first);
        Assert.Equal(11, official.Count);

        // 2. A correction of the 2017 rules after publication: Tốt from 78 instead of 80.
        var corrected = await Post("/api/criteria-sets/2017-districts/amendments", new
        {
            reason = "Đính chính ngưỡng xếp loại Tốt",
            decisionRef = "QĐ 400/QĐ-UBND",
            changes = new object[] { new { kind = "changeClassBands", classBands = ClassBands2017Corrected } },
        });
        Assert.Equal(2, corrected["version"]!.GetValue<int>());
        var diff2017 = await Get("/api/criteria-sets/2017-districts/diff?from=1&to=2");
        Assert.Equal("classBands", Str(Assert.Single(diff2017["differences"]!.AsArray())!["kind"]));
        Assert.Equal("QĐ 400/QĐ-UBND", Str(Assert.Single(diff2017["amendments"]!.AsArray())!["decisionRef"]));

        // 3. 2018 starts as a copy of 2017 and changes maximums and bands, retires 7.5 and adds 7.6.
        await Post("/api/criteria-sets", new { id = "2018-districts", year = 2018, title = "Bộ chỉ số CCHC cấp huyện năm 2018", copyFrom = "2017-districts" }, 201);
        await Post("/api/criteria-sets/2018-districts/amendments", new
        {
            reason = "Bộ chỉ số năm 2018",
            decisionRef = "QĐ 50/QĐ-UBND",
            changes = new object[]
            {
                new { kind = "changeMax", criterion = "8.1", max = 14 },
                new { kind = "changeMax", criterion = "8.3", max = 2 },
                new { kind = "changeBands", criterion = "2.3", bands = new[] { new { min = 100m, points = 2m }, new { min = 80m, points = 1.5m }, new { min = 0m, points = 0m } } },
                new { kind = "retireCriterion", criterion = "7.5" },
                new { kind = "addCriterion", parent = "7", node = new { code = "7.6", title = "Ứng dụng dịch vụ công trực tuyến", max = 2, method = "scale", step = 0.5 } },
            },
        });
        await Post("/api/criteria-sets/2018-districts/adoption", new { decisionRef = "QĐ 51/QĐ-UBND" });
        var diff2018 = (await Get("/api/criteria-sets/2018-districts/diff?from=1&to=2"))["differences"]!.AsArray()
            .Select(d => $"{Str(d!["kind"])} {Str(d["criterion"])} {d["field"]?.GetValue<string>()}".Trim()).ToList();
        Assert.Equal(["changed 2.3 bands", "retired 7.5", "added 7.6", "changed 8.1 max", "changed 8.3 max"], diff2018);
        var set2017 = await Get("/api/criteria-sets/2017-districts");
        Assert.Equal((2, 6m), (set2017["version"]!.GetValue<int>(), Dec(Leaf(set2017["rules"]!["areas"]!, "8.3")!["max"])));

        // 4. Some 2018 scores.
        foreach (var agency in new[] { "huu-lung", "van-quan" })
            await Post($"/api/years/2018/scorecards/{agency}/self-scores", new { criterion = "7.6", points = 1.5, evidence = Evidence });

        // 5. Publication 1 regenerates identically, under its own rules version, although 2017's and 2018's rules changed since.
        await AssertRegeneratesIdentically(1, firstDigest);

        // 6. What-if: 2017's entries under 2018's rules, leaf by leaf.
        var whatIf = await Get($"{Ranking2017}?rules=2018-districts@2");
        Assert.False(whatIf["official"]!.GetValue<bool>());
        Assert.Contains("Không chính thức", Str(whatIf["notice"]));
        Assert.Equal(11, whatIf["entries"]!.AsArray().Count);
        foreach (var entry in whatIf["entries"]!.AsArray())
        {
            var agency = Str(entry!["agency"]);
            var card = (await Get($"/api/years/2017/scorecards/{agency}"))["areas"]!;
            var expected = Dec(entry["officialTotal"])
                           - Math.Max(0m, Points(card, "8.3") - 2m)            // 8.3 now caps at 2
                           + (Points(card, "2.3") == 1m ? 0.5m : 0m)           // the 80 % band of 2.3 now gives 1.5
                           - Points(card, "7.5");                              // 7.5 has no counterpart in 2018
            Assert.True(expected == Dec(entry["total"]), $"{agency}: what-if total {Dec(entry["total"])}, expected {expected}");
            Assert.Equal(Dec(entry["total"]) - Dec(entry["officialTotal"]), Dec(entry["totalChange"]));
        }
        var unmatched = whatIf["unmatched"]!.AsArray().Select(u => (Str(u!["code"]), Str(u["side"]), u["agencies"]!.AsArray().Count)).ToList();
        Assert.Equal([("7.5", "officialOnly", 11), ("7.6", "rulesOnly", 0)], unmatched);

        // 7. An adjustment of Hữu Lũng and a renaming, then publication 2 under the corrected rules.
        await Post("/api/years/2017/scorecards/huu-lung/adjustments",
            new { criterion = "7.5", points = 2.0, reason = "Kết quả phúc tra", decisionRef = "QĐ 410/QĐ-UBND" });
        await Post("/api/agencies/huu-lung/renaming", new { name = "UBND huyện Hữu Lũng (sau sáp nhập)", reason = "Sắp xếp đơn vị hành chính", decisionRef = "NQ 12/NQ-HĐND" });
        var second = await Post(Publications2017, new { decisionRef = "QĐ 420/QĐ-UBND" }, 201);
        Assert.Equal((2, 1, firstDigest, 2), (second["number"]!.GetValue<int>(), second["previous"]!["number"]!.GetValue<int>(),
            Str(second["previous"]!["digest"]), second["criteriaSet"]!["version"]!.GetValue<int>()));

        // Publication 2 differs from 1 exactly where expected: Hữu Lũng's points and name, and classes between 78 and 80.
        var republished = Entries(second);
        foreach (var (agency, before) in official)
        {
            var after = republished[agency];
            if (agency == "huu-lung")
            {
                Assert.Equal(Dec(before["total"]) + 0.5m, Dec(after["total"]));
                Assert.Equal(("UBND huyện Hữu Lũng", "UBND huyện Hữu Lũng (sau sáp nhập)"), (Str(before["name"]), Str(after["name"])));
            }
            else
            {
                Assert.Equal((Dec(before["total"]), Str(before["name"])), (Dec(after["total"]), Str(after["name"])));
            }
            var index = Dec(after["index"]);
            Assert.Equal(index >= 80m || index < 78m ? Str(before["classification"]) : "Tốt", Str(after["classification"]));
        }
        Assert.Equal("Tốt", Str(republished["huu-lung"]["classification"]));

        // 8. Both regenerate identically, and publication 1 still names Hữu Lũng as it was then, as does the as-of ranking.
        await AssertRegeneratesIdentically(1, firstDigest);
        await AssertRegeneratesIdentically(2, Str(second["digest"]));
        var asOf = await Get($"{Ranking2017}?asOf={Iso(DateTimeOffset.Parse(Str(first["publishedAt"])))}");
        Assert.Equal("UBND huyện Hữu Lũng", Str(asOf["entries"]!.AsArray().Single(e => Str(e!["agency"]) == "huu-lung")!["name"]));
        var list = (await Get(Publications2017)).AsArray();
        Assert.Equal([1, 2], list.Select(p => p!["number"]!.GetValue<int>()));
        Assert.Equal(firstDigest, Str(list[0]!["digest"]));
    }

    private async Task AssertRegeneratesIdentically(int number, string digest)
    {
        var regenerated = await Get($"{Publications2017}/{number}/regeneration");
        Assert.True(regenerated["identical"]!.GetValue<bool>(), regenerated.ToJsonString());
        Assert.Equal(digest, Str(regenerated["digest"]));
        Assert.Empty(regenerated["differences"]!.AsArray());
    }

    private static string Str(JsonNode? node) => node!.GetValue<string>();

    private static Dictionary<string, JsonNode> Entries(JsonNode publication) =>
        publication["entries"]!.AsArray().ToDictionary(e => Str(e!["agency"]), e => e!);

    private static JsonNode? Leaf(JsonNode nodes, string code)
    {
        foreach (var node in nodes.AsArray())
        {
            if (Str(node!["code"]) == code) return node;
            if (node["children"] is JsonArray { Count: > 0 } children && Leaf(children, code) is { } found) return found;
        }
        return null;
    }

    private static decimal Points(JsonNode areas, string code) => Dec(Leaf(areas, code)!["points"]);
}
