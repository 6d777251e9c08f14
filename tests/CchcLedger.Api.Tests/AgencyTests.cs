using System.Text;

namespace CchcLedger.Api.Tests;

public sealed class AgencyTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    [Fact]
    public async Task a_registered_agency_is_listed_with_its_vietnamese_name_nfc_normalised()
    {
        var decomposed = "UBND huyện Hữu Lũng".Normalize(NormalizationForm.FormD);
        var created = await Post("/api/agencies", new { code = "huu-lung", name = decomposed, block = "districts" }, 201);
        Assert.Equal("UBND huyện Hữu Lũng".Normalize(NormalizationForm.FormC), created["name"]!.GetValue<string>());

        var agency = Assert.Single((await Get("/api/agencies")).AsArray());
        Assert.Equal(("huu-lung", "UBND huyện Hữu Lũng", "districts"),
            (agency!["code"]!.GetValue<string>(), agency["name"]!.GetValue<string>(), agency["block"]!.GetValue<string>()));
        Assert.True(agency["name"]!.GetValue<string>().IsNormalized(NormalizationForm.FormC));

        await AgencyRegistered("so-y-te", "Sở Y tế", "departments");
        Assert.Equal(2, (await Get("/api/agencies")).AsArray().Count);
        Assert.Equal(["so-y-te"], (await Get("/api/agencies?block=departments")).AsArray().Select(a => a!["code"]!.GetValue<string>()));
    }

    [Fact]
    public async Task registering_a_code_twice_is_a_conflict_and_writes_nothing()
    {
        await AgencyRegistered("huu-lung", "UBND huyện Hữu Lũng");
        var before = await EventCount();
        await Refused(() => Post("/api/agencies", new { code = "huu-lung", name = "Trùng mã", block = "districts" }, 409), "code", before);
    }

    [Fact]
    public async Task an_unknown_block_or_a_bad_code_is_refused_by_name()
    {
        var before = await EventCount();
        await Refused(() => Post("/api/agencies", new { code = "huu-lung", name = "UBND huyện Hữu Lũng", block = "provinces" }, 400), "block", before);
        await Refused(() => Post("/api/agencies", new { code = "Hữu Lũng", name = "UBND huyện Hữu Lũng", block = "districts" }, 400), "code", before);
        await Refused(() => Post("/api/agencies", new { code = "huu-lung", block = "districts" }, 400), "name", before);
    }

    [Fact]
    public async Task an_agency_can_be_renamed_moved_and_merged_keeping_its_code()
    {
        await AgencyRegistered("ban-dan-toc", "Ban Dân tộc", "departments");
        await AgencyRegistered("so-noi-vu", "Sở Nội vụ", "departments");

        var renamed = await Post("/api/agencies/ban-dan-toc/renaming", new { name = "Ban Dân tộc tỉnh Lạng Sơn", reason = "Đổi tên theo quyết định", decisionRef = "QĐ 12/QĐ-UBND" });
        Assert.Equal("Ban Dân tộc tỉnh Lạng Sơn", renamed["name"]!.GetValue<string>());
        var moved = await Post("/api/agencies/ban-dan-toc/block-change", new { block = "special-units", reason = "Chuyển khối", decisionRef = "QĐ 13/QĐ-UBND" });
        Assert.Equal("special-units", moved["block"]!.GetValue<string>());
        var merged = await Post("/api/agencies/ban-dan-toc/dissolution", new { mergedInto = "so-noi-vu", reason = "Hợp nhất", decisionRef = "QĐ 14/QĐ-UBND" });
        Assert.Equal((false, "so-noi-vu"), (merged["active"]!.GetValue<bool>(), merged["mergedInto"]!.GetValue<string>()));

        var before = await EventCount();
        await Refused(() => Post("/api/agencies/ban-dan-toc/dissolution", new { reason = "Giải thể lần nữa", decisionRef = "QĐ 15" }, 409), "code", before);
        await Refused(() => Post("/api/agencies/ban-dan-toc/renaming", new { name = "Tên mới" }, 409), "code", before);
        await Refused(() => Post("/api/agencies/khong-co/renaming", new { name = "Tên mới", reason = "x", decisionRef = "y" }, 404), "code", before);
    }

    [Fact]
    public async Task a_change_without_a_decision_reference_is_refused()
    {
        await AgencyRegistered("so-y-te", "Sở Y tế", "departments");
        var before = await EventCount();
        await Refused(() => Post("/api/agencies/so-y-te/renaming", new { name = "Sở Y tế tỉnh", reason = "Đổi tên" }, 400), "decisionRef", before);
    }
}
