using System.Text;

namespace CchcLedger.Api.Tests;

/// <summary>Blocks are data: defined, renamed and retired as events, named in Vietnamese, read wherever a block is named.</summary>
public sealed class BlockTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    [Fact]
    public async Task a_national_ranking_of_provinces_has_its_own_block_with_its_own_name()
    {
        var decomposed = "Khối tỉnh, thành phố trực thuộc Trung ương".Normalize(NormalizationForm.FormD);
        var defined = await Post("/api/blocks", new { code = "provinces", name = decomposed, nameEn = "Provinces and cities", decisionRef = "QĐ 1/QĐ-BNV" }, 201);
        Assert.Equal("Khối tỉnh, thành phố trực thuộc Trung ương", defined["name"]!.GetValue<string>()); // stored NFC

        await SmallSetAdopted("2023-provinces", 2023, "provinces");
        await AgencyRegistered("lang-son", "Tỉnh Lạng Sơn", "provinces");
        await SelfAssessed("lang-son", year: 2023);

        var ranking = await Get("/api/years/2023/rankings/provinces");
        Assert.Equal("Khối tỉnh, thành phố trực thuộc Trung ương", ranking["blockName"]!.GetValue<string>());
        var year = await Get("/api/years/2023/rankings");
        Assert.Equal("provinces", Assert.Single(year["blocks"]!.AsArray())!["block"]!.GetValue<string>());
        Assert.Equal("tỉnh Lạng Sơn", year["scope"]!.GetValue<string>());
        Assert.Contains(await Get("/api/blocks") is var list ? list.AsArray() : null, b => b!["code"]!.GetValue<string>() == "provinces");
    }

    [Fact]
    public async Task a_renamed_block_shows_its_new_name_and_a_retired_block_keeps_its_history_but_takes_no_new_agency()
    {
        await TwoDistrictsSelfAssessed();
        var events = await EventCount();
        await Post("/api/blocks/districts/renaming", new { name = "Khối UBND cấp huyện (trước 01/07/2025)", reason = "Bãi bỏ cấp huyện", decisionRef = "NQ 202/2025/QH15" });
        await Post("/api/blocks/districts/retirement", new { reason = "Không còn đơn vị hành chính cấp huyện", decisionRef = "NQ 202/2025/QH15" });
        Assert.Equal(events + 2, await EventCount());

        var ranking = await Get("/api/years/2017/rankings/districts");
        Assert.Equal("Khối UBND cấp huyện (trước 01/07/2025)", ranking["blockName"]!.GetValue<string>());
        Assert.Equal(2, ranking["entries"]!.AsArray().Count);
        var block = (await Get("/api/blocks")).AsArray().Single(b => b!["code"]!.GetValue<string>() == "districts")!;
        Assert.True(block["retired"]!.GetValue<bool>());

        var before = await EventCount();
        await Refused(() => Post("/api/agencies", new { code = "chi-lang", name = "UBND huyện Chi Lăng", block = "districts" }, 409), "block", before);
        await Refused(() => Post("/api/criteria-sets", SmallSet("2026-districts", 2026, "districts"), 409), "block", before);
        await Refused(() => Post("/api/agencies/huu-lung/block-change", new { block = "districts", reason = "x", decisionRef = "y" }, 409), "block", before);
        await Refused(() => Post("/api/blocks/districts/retirement", new { reason = "lần nữa", decisionRef = "NQ 202/2025/QH15" }, 409), "code", before);
        await Refused(() => Post("/api/blocks/districts/renaming", new { name = "Tên khác", reason = "x", decisionRef = "y" }, 409), "code", before);
    }

    [Fact]
    public async Task a_bad_block_definition_or_change_is_refused_naming_the_field_and_writes_nothing()
    {
        var before = await EventCount();
        await Refused(() => Post("/api/blocks", new { code = "Khối Xã", name = "Khối xã" }, 400), "code", before);
        await Refused(() => Post("/api/blocks", new { code = "wards", name = "  \u200B " }, 400), "name", before);
        await Refused(() => Post("/api/blocks", new { code = "districts", name = "Trùng" }, 409), "code", before);
        await Refused(() => Post("/api/blocks/wards/renaming", new { name = "Khối phường", reason = "x", decisionRef = "y" }, 404), "code", before);
        await Refused(() => Post("/api/blocks/districts/renaming", new { name = "Khối huyện mới", decisionRef = "y" }, 400), "reason", before);
        await Refused(() => Post("/api/blocks/districts/renaming", new { name = "Khối UBND cấp huyện", reason = "x", decisionRef = "y" }, 409), "name", before);
        await Refused(() => Post("/api/blocks/districts/retirement", new { reason = "x" }, 400), "decisionRef", before);
        await Refused(() => Post("/api/agencies", new { code = "huu-lung", name = "UBND huyện Hữu Lũng", block = "wards" }, 400), "block", before);
        await Refused(() => Get("/api/years/2017/rankings/wards", 404), "block", before);
    }
}
