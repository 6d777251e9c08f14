using CchcLedger.Api.Hosting;
using CchcLedger.Api.Rankings;
using CchcLedger.Domain.Publications;
using CchcLedger.Domain.Scoring;
using Marten;
using Wolverine.Http;

namespace CchcLedger.Api.Exports;

/// <summary>A ranking as a province's table: STT, Đơn vị, Tổng điểm, Chỉ số (%), Xếp loại, Xếp hạng.</summary>
public static class RankingExport
{
    public static readonly string[] Columns = ["STT", "Mã đơn vị", "Đơn vị", "Tổng điểm", "Chỉ số (%)", "Xếp loại", "Xếp hạng"];

    /// <summary>A publication's table exactly as published, with its decision and digest.</summary>
    public static ExportTable Of(RankingPublished p, string blockName, DateTimeOffset decidedAt) => new("Xếp hạng",
        $"KẾT QUẢ XÁC ĐỊNH CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM {p.Year} – {blockName.ToUpperInvariant()}",
        [
            ("Năm đánh giá", p.Year.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("Khối", blockName),
            ("Quyết định công bố", p.DecisionRef),
            ("Công bố số", p.Number.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("Ngày hiệu lực", ExportTable.At(decidedAt)),
            ("Bộ tiêu chí", $"{p.CriteriaSet.Id} (phiên bản {p.CriteriaSet.Version})"),
            ("Mã SHA-256 của công bố", p.Digest),
            ("Kiểm chứng", $"/api/years/{p.Year}/rankings/{p.Block}/publications/{p.Number}/regeneration"),
        ],
        Columns, Rows(p.Entries), $"xep-hang-{p.Year}-{p.Block}-cong-bo-{p.Number}");

    /// <summary>Working figures (staff): not official, said so in the header, with the latest publication's decision and digest for reference.</summary>
    public static ExportTable Of(BlockRanking r, RankingPublished? latest) => new("Xếp hạng",
        $"KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM {r.Year} – {r.BlockName.ToUpperInvariant()} (SỐ LIỆU LÀM VIỆC)",
        [
            ("Năm đánh giá", r.Year.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("Khối", r.BlockName),
            ("Số liệu tại thời điểm", r.AsOf is { } at ? ExportTable.At(at) : "hiện tại"),
            ("Bộ tiêu chí", $"{r.CriteriaSet.Id} (phiên bản {r.CriteriaSet.Version})"),
            ("Quyết định công bố", latest is null ? "Chưa công bố: số liệu làm việc, không phải kết quả chính thức" : $"{latest.DecisionRef} (công bố số {latest.Number}; số liệu dưới đây có thể đã thay đổi sau công bố)"),
            ("Mã SHA-256 của công bố", latest?.Digest ?? "—"),
        ],
        Columns, Rows(r.Entries), $"xep-hang-{r.Year}-{r.Block}");

    private static List<IReadOnlyList<object?>> Rows(IReadOnlyList<RankedEntry> entries) =>
        entries.Select((e, i) => (IReadOnlyList<object?>)[i + 1, e.Agency, e.Name, e.Total, e.Index, e.Classification, e.Rank]).ToList();
}

public static class ExportPublicationEndpoint
{
    /// <summary>A publication as XLSX or CSV: public, as the publication is.</summary>
    [Api("Xuất bảng kết quả của một lần công bố (XLSX hoặc CSV)", "Export a publication's table (XLSX or CSV)")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType(typeof(Stream), 200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "text/csv")]
    [Refuses(400, 404)]
    [WolverineGet("/api/years/{year}/rankings/{block}/publications/{n}/export")]
    public static async Task<IResult> Get(int year, string block, int n, string? format, IQuerySession session)
    {
        if (ExportTable.CheckFormat(format) is { } bad) return Problems.Make(400, "Invalid request", "format", bad);
        if (await Publications.FindAsync(session, year, block, n) is not (var publication, _))
            return Problems.Make(404, "Not found", "n", $"{year} {block} has no publication {n}");
        var decided = (await Publications.EffectiveAtAsync(session, year, block)).GetValueOrDefault(n, publication.PublishedAt);
        return RankingExport.Of(publication, (await session.BlocksAsync()).NameOf(block), decided).Answer(format);
    }
}

public static class ExportRankingEndpoint
{
    /// <summary>A block's ranking now or as of an instant, as XLSX or CSV (staff: working figures).</summary>
    [Api("Xuất bảng xếp hạng làm việc của một khối", "Export a block's working ranking")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType(typeof(Stream), 200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "text/csv")]
    [Refuses(400, 404)]
    [WolverineGet("/api/years/{year}/rankings/{block}/export")]
    public static async Task<IResult> Get(int year, string block, string? format, DateTimeOffset? asOf, string? axis, IQuerySession session, TimeProvider clock)
    {
        if (ExportTable.CheckFormat(format) is { } bad) return Problems.Make(400, "Invalid request", "format", bad);
        var (cut, badCut) = History.CutOf(asOf, axis, clock);
        if (badCut is not null) return Problems.For(badCut);
        if ((await session.BlocksAsync()).RefuseUnlessDefined("block", block) is { } badBlock) return Problems.For(badBlock);
        if (await BlockRanking.LoadAsync(session, year, block, cut) is not { } ranking)
            return Problems.Make(404, "Not found", asOf is null ? "year" : "asOf", asOf is null
                ? $"no criteria set is adopted for {year} and block '{block}'"
                : $"as of {asOf:O} no criteria set had been adopted for {year} and block '{block}'");
        var latest = (await Publications.OfBlockAsync(session, year, block)).MaxBy(p => p.Number);
        return RankingExport.Of(ranking, latest).Answer(format);
    }
}
