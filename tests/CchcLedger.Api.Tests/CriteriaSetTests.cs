using System.Text.Json.Nodes;

namespace CchcLedger.Api.Tests;

public sealed class CriteriaSetTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    [Fact]
    public async Task a_drafted_set_is_readable_and_adoption_records_the_decision()
    {
        var drafted = await Post("/api/criteria-sets", SmallSet(), 201);
        Assert.Equal((false, 1), (drafted["adopted"]!.GetValue<bool>(), drafted["version"]!.GetValue<int>()));

        var adopted = await Post("/api/criteria-sets/2017-districts/adoption", new { decisionRef = "QĐ số 1030/QĐ-UBND" });
        Assert.Equal((true, "QĐ số 1030/QĐ-UBND"), (adopted["adopted"]!.GetValue<bool>(), adopted["adoptionDecisionRef"]!.GetValue<string>()));

        var read = await Get("/api/criteria-sets/2017-districts");
        Assert.Equal("Công tác chỉ đạo, điều hành", read["rules"]!["areas"]![0]!["title"]!.GetValue<string>());
        Assert.Equal((100m, 6, "2017-districts"), (Dec(read["maxPoints"]), read["leaves"]!.GetValue<int>(), read["id"]!.GetValue<string>()));
        Assert.Single((await Get("/api/criteria-sets")).AsArray());
    }

    [Fact]
    public async Task stored_events_hold_the_rules_as_written_without_derived_values()
    {
        await SmallSetAdopted();
        await using var session = Store.QuerySession();
        var json = (await session.QueryAsync<string>(
            "select data::text from cchc.mt_events where stream_id = ? order by version limit 1", "criteria-set-2017-districts")).Single();
        Assert.Contains("\"Ban hành kế hoạch CCHC\"", json); // diacritics intact in the database, not escaped
        Assert.DoesNotContain("isLeaf", json);
        Assert.DoesNotContain("maxPoints", json);
    }

    [Fact]
    public async Task adopting_twice_or_a_second_set_for_the_same_year_and_block_is_a_conflict()
    {
        await SmallSetAdopted();
        await Post("/api/criteria-sets", SmallSet("2017-districts-b"), 201);
        var before = await EventCount();
        await Refused(() => Post("/api/criteria-sets/2017-districts/adoption", new { decisionRef = "QĐ khác" }, 409), "setId", before);
        await Refused(() => Post("/api/criteria-sets/2017-districts-b/adoption", new { decisionRef = "QĐ khác" }, 409), "setId", before);
    }

    [Fact]
    public async Task an_inconsistent_set_is_refused_and_writes_nothing()
    {
        var set = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(SmallSet()))!;
        set["areas"]![0]!["children"]![1]!["code"] = "1.1";
        var before = await EventCount();
        await Refused(() => Post("/api/criteria-sets", set, 400), "areas[0].children[1].code", before);

        set = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(SmallSet()))!;
        set["areas"]![0]!["children"]![2]!["bands"]!.AsArray().RemoveAt(2);
        await Refused(() => Post("/api/criteria-sets", set, 400), "areas[0].children[2].bands", before);

        set = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(SmallSet()))!;
        set["areas"]![0]!["children"]![0]!.AsObject().Remove("method");
        await Refused(() => Post("/api/criteria-sets", set, 400), "areas[0].children[0].method", before);

        set = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(SmallSet()))!;
        set["areas"]![0]!["children"]![0]!["method"] = "guess";
        await Refused(() => Post("/api/criteria-sets", set, 400), "areas[0].children[0].method", before);
    }

    [Fact]
    public async Task an_unknown_set_is_a_404_and_adopting_it_writes_nothing()
    {
        await Get("/api/criteria-sets/2099-districts", 404);
        var before = await EventCount();
        await Refused(() => Post("/api/criteria-sets/2099-districts/adoption", new { decisionRef = "QĐ 1" }, 404), "setId", before);
    }

    [Fact]
    public async Task a_set_for_an_unknown_block_or_year_is_refused()
    {
        var before = await EventCount();
        await Refused(() => Post("/api/criteria-sets", SmallSet(block: "provinces"), 400), "block", before);
        await Refused(() => Post("/api/criteria-sets", SmallSet(year: 1899), 400), "year", before);
    }
}
