using System.Net;
using System.Text;
using CchcLedger.Domain.Criteria;
using Microsoft.AspNetCore.Html;

namespace CchcLedger.Api.Web;

/// <summary>
/// Charts as server-rendered SVG: readable without JavaScript and on paper, with their numbers written on them
/// (pages also give the same numbers in a table). Coordinates are invariant-culture numbers; text is the reader's.
/// Colours come from CSS classes (one per class label), so the label always stays beside the colour.
/// </summary>
public static class Charts
{
    private static string E(string text) => WebUtility.HtmlEncode(text);
    private static string N(decimal v) => Format.Svg(v);
    private static string N(double v) => Format.Svg(v);

    /// <summary>The CSS class of a classification label: Tốt and Xuất sắc green, Khá blue, Trung bình amber, Yếu red.</summary>
    public static string ClassCss(string? label) => (label ?? "").Trim().ToLowerInvariant() switch
    {
        "xuất sắc" => "cls-xs",
        "tốt" => "cls-tot",
        "khá" => "cls-kha",
        "trung bình" => "cls-tb",
        "yếu" or "kém" => "cls-yeu",
        _ => "cls-khac",
    };

    private static StringBuilder Open(string id, double width, double height, string title, string desc) =>
        new StringBuilder()
            .Append($"<svg class=\"chart\" viewBox=\"0 0 {N(width)} {N(height)}\" width=\"{N(width)}\" height=\"{N(height)}\" role=\"img\" aria-labelledby=\"{id}-t {id}-d\" xmlns=\"http://www.w3.org/2000/svg\">")
            .Append($"<title id=\"{id}-t\">{E(title)}</title><desc id=\"{id}-d\">{E(desc)}</desc>");

    /// <remarks>A chart is one image to assistive technology: no links inside it; the table beside it has them.</remarks>
    public sealed record Bar(string Label, decimal Value, string? Classification, string? Note = null);

    /// <summary>Horizontal bars of totals, sorted as given, coloured by class, with the class thresholds as vertical lines.</summary>
    public static IHtmlContent RankingBars(string id, string title, string desc, IReadOnlyList<Bar> bars, IReadOnlyList<ClassBand> bands, decimal maxPoints, Format f)
    {
        const double width = 760, left = 8, valueRoom = 120, row = 36, top = 26;
        var scaleMax = (double)Math.Max(maxPoints, bars.Count == 0 ? 0 : bars.Max(b => b.Value));
        if (scaleMax <= 0) scaleMax = 100;
        var plot = width - left - valueRoom;
        double X(decimal v) => left + plot * (double)v / scaleMax;
        var height = top + row * bars.Count + 8;
        var svg = Open(id, width, height, title, desc);

        foreach (var band in bands.Where(b => b.Min > 0).OrderBy(b => b.Min))
        {
            var x = X(band.Min * maxPoints / 100m);
            svg.Append($"<line class=\"threshold\" x1=\"{N(x)}\" y1=\"{N(top - 6)}\" x2=\"{N(x)}\" y2=\"{N(height - 4)}\"/>")
               .Append($"<text class=\"threshold-label\" x=\"{N(x)}\" y=\"{N(top - 10)}\" text-anchor=\"middle\">{E(band.Label)} ≥ {E(f.Number(band.Min * maxPoints / 100m))}</text>");
        }
        for (var i = 0; i < bars.Count; i++)
        {
            var b = bars[i];
            var y = top + i * row;
            var end = X(b.Value);
            svg.Append($"<text class=\"bar-name\" x=\"{N(left)}\" y=\"{N(y + 11)}\">{E(b.Label)}</text>")
               .Append($"<rect class=\"bar {ClassCss(b.Classification)}\" x=\"{N(left)}\" y=\"{N(y + 16)}\" width=\"{N(Math.Max(1, end - left))}\" height=\"14\"/>")
               .Append($"<text class=\"bar-value\" x=\"{N(end + 6)}\" y=\"{N(y + 28)}\">{E(f.Points(b.Value))}{(b.Classification is null ? "" : " · " + E(b.Classification))}{(b.Note is null ? "" : " · " + E(b.Note))}</text>");
        }
        return new HtmlString(svg.Append("</svg>").ToString());
    }

    public sealed record Step(string Label, decimal Change, bool Total = false);

    /// <summary>A waterfall: the first bar from zero, each next one floating by its change, the last the total.</summary>
    public static IHtmlContent Waterfall(string id, string title, string desc, IReadOnlyList<Step> steps, Format f)
    {
        const double width = 760, height = 300, left = 44, bottom = 52, top = 24;
        var plotWidth = width - left - 8;
        var slot = plotWidth / Math.Max(1, steps.Count);
        decimal running = 0, high = 0, low = 0;
        foreach (var s in steps)
        {
            running = s.Total ? s.Change : running + s.Change;
            high = Math.Max(high, running);
            low = Math.Min(low, running);
        }
        if (high == low) high = low + 1;
        var plotHeight = height - top - bottom;
        double Y(decimal v) => top + plotHeight * (double)(high - v) / (double)(high - low);

        var svg = Open(id, width, height, title, desc);
        svg.Append($"<line class=\"axis\" x1=\"{N(left)}\" y1=\"{N(Y(0))}\" x2=\"{N(width - 4)}\" y2=\"{N(Y(0))}\"/>");
        for (var tick = 0m; tick <= high; tick += Tick(high - low))
            svg.Append($"<text class=\"tick\" x=\"{N(left - 6)}\" y=\"{N(Y(tick) + 4)}\" text-anchor=\"end\">{E(f.Number(tick))}</text>")
               .Append($"<line class=\"grid\" x1=\"{N(left)}\" y1=\"{N(Y(tick))}\" x2=\"{N(width - 4)}\" y2=\"{N(Y(tick))}\"/>");

        running = 0;
        for (var i = 0; i < steps.Count; i++)
        {
            var s = steps[i];
            var from = s.Total ? 0 : running;
            var to = s.Total ? s.Change : running + s.Change;
            running = to;
            var x = left + i * slot + slot * 0.18;
            var w = slot * 0.64;
            var (y1, y2) = (Y(Math.Max(from, to)), Y(Math.Min(from, to)));
            var css = s.Total ? "wf-total" : s.Change > 0 ? "wf-up" : s.Change < 0 ? "wf-down" : "wf-zero";
            svg.Append($"<rect class=\"{css}\" x=\"{N(x)}\" y=\"{N(y1)}\" width=\"{N(w)}\" height=\"{N(Math.Max(1.5, y2 - y1))}\"/>");
            var label = s.Total || i == 0 ? f.Points(s.Change) : f.Signed(s.Change);
            svg.Append($"<text class=\"wf-value\" x=\"{N(x + w / 2)}\" y=\"{N(y1 - 6)}\" text-anchor=\"middle\">{E(label)}</text>");
            var words = s.Label.Split(' ');
            var half = (words.Length + 1) / 2;
            var wrap = s.Label.Length > 14 && words.Length > 1;
            var line1 = wrap ? string.Join(' ', words.Take(half)) : s.Label;
            var line2 = wrap ? string.Join(' ', words.Skip(half)) : "";
            svg.Append($"<text class=\"wf-label\" x=\"{N(x + w / 2)}\" y=\"{N(height - bottom + 18)}\" text-anchor=\"middle\">{E(line1)}</text>");
            if (line2.Length > 0) svg.Append($"<text class=\"wf-label\" x=\"{N(x + w / 2)}\" y=\"{N(height - bottom + 34)}\" text-anchor=\"middle\">{E(line2)}</text>");
            if (i < steps.Count - 1)
                svg.Append($"<line class=\"wf-link\" x1=\"{N(x + w)}\" y1=\"{N(Y(to))}\" x2=\"{N(x + slot)}\" y2=\"{N(Y(to))}\"/>");
        }
        return new HtmlString(svg.Append("</svg>").ToString());
    }

    private static decimal Tick(decimal range) => range switch { > 50 => 20, > 20 => 10, > 8 => 5, > 4 => 2, _ => 1 };

    public sealed record Delta(string Label, decimal Change, bool Own, string Note);

    /// <summary>
    /// Changes between two instants, one row per agency: a bar for its own change of total (right for a gain, left for a
    /// loss), and a hollow marker for a rank moved only by others; the note says the rank move.
    /// </summary>
    public static IHtmlContent DeltaBars(string id, string title, string desc, IReadOnlyList<Delta> rows, Format f)
    {
        const double width = 760, row = 36, top = 8;
        var mid = width / 2;
        var half = width / 2 - 150;
        var max = rows.Count == 0 ? 1 : Math.Max(0.25m, rows.Max(r => Math.Abs(r.Change)));
        var height = top + row * rows.Count + 8;
        var svg = Open(id, width, height, title, desc);
        svg.Append($"<line class=\"axis\" x1=\"{N(mid)}\" y1=\"{N(top)}\" x2=\"{N(mid)}\" y2=\"{N(height - 4)}\"/>");
        for (var i = 0; i < rows.Count; i++)
        {
            var r = rows[i];
            var y = top + i * row;
            svg.Append($"<text class=\"bar-name\" x=\"8\" y=\"{N(y + 12)}\">{E(r.Label)}</text>");
            if (r.Own && r.Change != 0)
            {
                var len = half * (double)(Math.Abs(r.Change) / max);
                var x = r.Change > 0 ? mid : mid - len;
                svg.Append($"<rect class=\"{(r.Change > 0 ? "wf-up" : "wf-down")}\" x=\"{N(x)}\" y=\"{N(y + 16)}\" width=\"{N(Math.Max(1.5, len))}\" height=\"14\"/>");
                var tx = r.Change > 0 ? mid + len + 6 : mid + 6;
                svg.Append($"<text class=\"bar-value\" x=\"{N(tx)}\" y=\"{N(y + 28)}\">{E(f.Signed(r.Change))} · {E(r.Note)}</text>");
            }
            else
            {
                svg.Append($"<circle class=\"others\" cx=\"{N(mid)}\" cy=\"{N(y + 23)}\" r=\"6\"/>")
                   .Append($"<text class=\"bar-value\" x=\"{N(mid + 12)}\" y=\"{N(y + 28)}\">{E(r.Note)}</text>");
            }
        }
        return new HtmlString(svg.Append("</svg>").ToString());
    }

    public sealed record YearPoint(int Year, decimal Total, string? Classification, int? Rank, int Ranked);

    /// <summary>An agency's total across years, each point labelled with its total, class and rank.</summary>
    public static IHtmlContent Years(string id, string title, string desc, IReadOnlyList<YearPoint> points, string rankWord, Format f)
    {
        const double width = 760, height = 280, left = 44, right = 24, top = 30, bottom = 56;
        var low = points.Count == 0 ? 0 : Math.Floor(points.Min(p => p.Total) / 10) * 10 - 10;
        low = Math.Max(0, low);
        var high = points.Count == 0 ? 100 : Math.Max(100, Math.Ceiling(points.Max(p => p.Total) / 10) * 10);
        var plotW = width - left - right;
        var plotH = height - top - bottom;
        double X(int i) => points.Count == 1 ? left + plotW / 2 : left + plotW * i / (points.Count - 1);
        double Y(decimal v) => top + plotH * (double)(high - v) / (double)(high - low);
        var svg = Open(id, width, height, title, desc);
        for (var t = low; t <= high; t += 10)
            svg.Append($"<line class=\"grid\" x1=\"{N(left)}\" y1=\"{N(Y(t))}\" x2=\"{N(width - right)}\" y2=\"{N(Y(t))}\"/>")
               .Append($"<text class=\"tick\" x=\"{N(left - 6)}\" y=\"{N(Y(t) + 4)}\" text-anchor=\"end\">{E(f.Number(t))}</text>");
        if (points.Count > 1)
            svg.Append("<polyline class=\"line\" points=\"")
               .Append(string.Join(' ', points.Select((p, i) => $"{N(X(i))},{N(Y(p.Total))}")))
               .Append("\"/>");
        for (var i = 0; i < points.Count; i++)
        {
            var p = points[i];
            svg.Append($"<circle class=\"point {ClassCss(p.Classification)}\" cx=\"{N(X(i))}\" cy=\"{N(Y(p.Total))}\" r=\"6\"/>")
               .Append($"<text class=\"wf-value\" x=\"{N(X(i))}\" y=\"{N(Y(p.Total) - 12)}\" text-anchor=\"middle\">{E(f.Points(p.Total))}{(p.Classification is null ? "" : " · " + E(p.Classification))}</text>")
               .Append($"<text class=\"wf-label\" x=\"{N(X(i))}\" y=\"{N(height - bottom + 20)}\" text-anchor=\"middle\">{p.Year}</text>");
            if (p.Rank is { } rank)
                svg.Append($"<text class=\"wf-label\" x=\"{N(X(i))}\" y=\"{N(height - bottom + 38)}\" text-anchor=\"middle\">{E(rankWord)} {rank}/{p.Ranked}</text>");
        }
        return new HtmlString(svg.Append("</svg>").ToString());
    }
}
