using CchcLedger.Api.Hosting;
using CchcLedger.Api.Rankings;
using CchcLedger.Api.Scorecards;
using CchcLedger.Domain.Publications;
using CchcLedger.Domain.Scoring;
using Marten;
using Wolverine.Http;

namespace CchcLedger.Api.Exports;

/// <summary>A scorecard and a derivation as tables: the tree with each phase's points, and every event that set a leaf.</summary>
public static class ScorecardExport
{
    public static readonly string[] ScorecardColumns = ["STT", "Nội dung", "Điểm tối đa", "Tự chấm", "Thẩm định", "Điều tra XHH", "Điều chỉnh", "Điểm đạt"];

    public static readonly string[] DerivationColumns =
        ["Mã tiêu chí", "Tiêu chí", "Bước", "Giá trị nhập", "Điểm", "Điểm trước", "Điểm sau", "Thay đổi", "Người thực hiện", "Thời điểm ghi", "Thời điểm hiệu lực", "Lý do", "Văn bản", "Số thứ tự sự kiện"];

    private static List<(string, string)> Header(int year, string agency, string name, string blockName, DateTimeOffset? asOf, Domain.Criteria.SetRef set,
        decimal total, decimal index, string classification, RankingPublished? latest) =>
    [
        ("Năm đánh giá", year.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ("Đơn vị", $"{name} ({agency})"),
        ("Khối", blockName),
        ("Số liệu tại thời điểm", asOf is { } at ? ExportTable.At(at) : "hiện tại"),
        ("Bộ tiêu chí", $"{set.Id} (phiên bản {set.Version})"),
        ("Tổng điểm", total.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ("Chỉ số (%)", index.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ("Xếp loại", classification),
        ("Quyết định công bố", latest is null ? "Chưa công bố" : $"{latest.DecisionRef} (công bố số {latest.Number})"),
        ("Mã SHA-256 của công bố", latest?.Digest ?? "—"),
    ];

    public static ExportTable Of(ScorecardView card, string blockName, RankingPublished? latest)
    {
        var rows = new List<IReadOnlyList<object?>>();
        void Walk(ScoredNode node)
        {
            rows.Add([node.Code, node.Title, node.Max, node.Self, node.Appraised, node.Survey, node.Adjusted, node.Points]);
            foreach (var child in node.Children) Walk(child);
        }
        foreach (var area in card.Areas) Walk(area);
        rows.Add([null, "Tổng cộng", card.MaxPoints, null, null, null, null, card.Total]);
        return new("Phiếu chấm", $"PHIẾU CHẤM CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM {card.Year} – {card.Name.ToUpperInvariant()}",
            Header(card.Year, card.Agency, card.Name, blockName, card.AsOf, card.CriteriaSet, card.Total, card.Index, card.Classification, latest),
            ScorecardColumns, rows, $"phieu-cham-{card.Year}-{card.Agency}");
    }

    public static ExportTable Of(DerivationView d, string blockName, RankingPublished? latest)
    {
        var rows = new List<IReadOnlyList<object?>>();
        foreach (var leaf in d.Leaves)
            foreach (var s in leaf.Steps)
                rows.Add([leaf.Code, leaf.Title, s.Kind, Value(s.Value), s.Points, s.FinalBefore, s.FinalAfter, s.Change, s.RecordedBy,
                    ExportTable.At(s.RecordedAt), ExportTable.At(s.EffectiveAt ?? s.RecordedAt), s.Reason ?? s.Explanation, s.DecisionRef, s.Sequence]);
        return new("Diễn giải", $"DIỄN GIẢI ĐIỂM CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM {d.Year} – {d.Name.ToUpperInvariant()}",
            Header(d.Year, d.Agency, d.Name, blockName, d.AsOf, d.CriteriaSet, d.Total, d.Index, d.Classification, latest),
            DerivationColumns, rows, $"dien-giai-{d.Year}-{d.Agency}");
    }

    private static string Value(LeafValue v) =>
        v.Numerator is { } n ? $"{n}/{v.Denominator}" : v.Count is { } c ? $"{c} (số lượng)" : v.Points?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "";
}

public static class ExportScorecardEndpoint
{
    [Api("Xuất phiếu chấm của một đơn vị", "Export an agency's scorecard")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType(typeof(Stream), 200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "text/csv")]
    [Refuses(400, 404)]
    [WolverineGet("/api/years/{year}/scorecards/{agency}/export")]
    public static async Task<IResult> Get(int year, string agency, string? format, DateTimeOffset? asOf, string? axis, IQuerySession session, TimeProvider clock)
    {
        if (ExportTable.CheckFormat(format) is { } bad) return Problems.Make(400, "Invalid request", "format", bad);
        var (cut, badCut) = History.CutOf(asOf, axis, clock);
        if (badCut is not null) return Problems.For(badCut);
        var (view, refusal) = await ScorecardView.LoadAsync(session, year, agency, cut);
        if (refusal is not null) return Problems.For(refusal);
        var latest = (await Publications.OfBlockAsync(session, year, view!.Block)).MaxBy(p => p.Number);
        return ScorecardExport.Of(view, (await session.BlocksAsync()).NameOf(view.Block), latest).Answer(format);
    }
}

public static class ExportDerivationEndpoint
{
    [Api("Xuất diễn giải điểm của một đơn vị", "Export an agency's derivation")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType(typeof(Stream), 200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "text/csv")]
    [Refuses(400, 404)]
    [WolverineGet("/api/years/{year}/scorecards/{agency}/derivation/export")]
    public static async Task<IResult> Get(int year, string agency, string? format, DateTimeOffset? asOf, string? axis, IQuerySession session, TimeProvider clock)
    {
        if (ExportTable.CheckFormat(format) is { } bad) return Problems.Make(400, "Invalid request", "format", bad);
        var (cut, badCut) = History.CutOf(asOf, axis, clock);
        if (badCut is not null) return Problems.For(badCut);
        var (view, refusal) = await DerivationView.LoadAsync(session, year, agency, cut);
        if (refusal is not null) return Problems.For(refusal);
        var latest = (await Publications.OfBlockAsync(session, year, view!.Block)).MaxBy(p => p.Number);
        return ScorecardExport.Of(view, (await session.BlocksAsync()).NameOf(view.Block), latest).Answer(format);
    }
}
