using System.Text;

namespace CchcLedger.Domain;

/// <summary>Vietnamese text is data: every string that enters the ledger is trimmed, checked and NFC-normalised here.</summary>
public static class Text
{
    public const int ShortMax = 200;
    public const int LongMax = 4000;

    /// <summary>The NFC form of <paramref name="value"/>, or a reason why it cannot be stored.</summary>
    public static (string? Value, string? Error) Clean(string? value, bool required, int maxLength = ShortMax)
    {
        if (value is null || value.All(Blank))
            return required ? (null, "is required and must not be empty (or made only of spaces and invisible characters)") : (null, null);
        // Spaces and invisible characters at either end are not part of a name or a reference.
        var start = 0;
        var end = value.Length;
        while (Blank(value[start])) start++;
        while (Blank(value[end - 1])) end--;
        var trimmed = value[start..end];
        if (HasLoneSurrogate(trimmed))
            return (null, "is not valid Unicode text");
        if (trimmed.Any(c => char.IsControl(c) && c is not '\n' and not '\t' and not '\r'))
            return (null, "must not contain control characters");
        var normalised = trimmed.Normalize(NormalizationForm.FormC);
        if (normalised.Length > maxLength)
            return (null, $"must be at most {maxLength} characters long");
        return (normalised, null);
    }

    /// <summary>White space, or a zero-width or other invisible format character (U+200B, U+2060, U+FEFF…).</summary>
    private static bool Blank(char c) => char.IsWhiteSpace(c) || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format;

    /// <summary>The NFC form of text already accepted elsewhere; text that is not valid Unicode is returned as it is.</summary>
    public static string? Nfc(string? value) =>
        value is null || HasLoneSurrogate(value) ? value : value.Normalize(NormalizationForm.FormC);

    private static bool HasLoneSurrogate(string s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]))
            {
                if (i + 1 >= s.Length || !char.IsLowSurrogate(s[i + 1])) return true;
                i++;
            }
            else if (char.IsLowSurrogate(s[i])) return true;
        }
        return false;
    }

    /// <summary>Codes of agencies, blocks and sets: lower-case ASCII words joined by hyphens.</summary>
    public static bool IsSlug(string value) =>
        value.Length is > 0 and <= 64
        && value.All(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' or '-')
        && value[0] != '-' && value[^1] != '-';
}
