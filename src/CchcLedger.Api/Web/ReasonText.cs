using System.Text.RegularExpressions;

namespace CchcLedger.Api.Web;

/// <summary>
/// The why of an appeal's events as a page shows it. The derivation composes it in English for the API
/// (<see cref="Domain.Scoring.Derivation.Describe"/>); a Vietnamese page says it in Vietnamese, the people's own words
/// (argument, reason) untouched. The decision reference is shown beside it, so it is not repeated.
/// </summary>
public static partial class ReasonText
{
    public static string For(UiText t, string reason)
    {
        if (t.Lang != "vi") return reason;
        if (Decided().Match(reason) is { Success: true } d)
            return $"Theo kiến nghị {d.Groups["id"].Value}: {d.Groups["why"].Value} (biểu quyết: {d.Groups["f"].Value} tán thành, {d.Groups["a"].Value} không tán thành, {d.Groups["p"].Value} thành viên có mặt)";
        if (Filed().Match(reason) is { Success: true } f)
            return $"Kiến nghị {f.Groups["id"].Value}: {f.Groups["arg"].Value}";
        return reason;
    }

    [GeneratedRegex(@"^changed by appeal (?<id>\S+), decision (?<ref>.*?): (?<why>.*) \((?<f>\d+) for, (?<a>\d+) against, (?<p>\d+) present\)$", RegexOptions.Singleline)]
    private static partial Regex Decided();

    [GeneratedRegex(@"^appeal (?<id>\S+): (?<arg>.*)$", RegexOptions.Singleline)]
    private static partial Regex Filed();
}
