namespace CchcLedger.Domain.Criteria;

/// <summary>One rules version of one criteria set, written <c>{id}@{version}</c>.</summary>
public sealed record SetRef(string Id, int Version)
{
    public override string ToString() => $"{Id}@{Version}";

    /// <summary>Reads <c>{id}</c> or <c>{id}@{version}</c>; the version is null when not given.</summary>
    public static (string Id, int? Version)? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var at = text.IndexOf('@');
        if (at < 0) return Text.IsSlug(text) ? (text, null) : null;
        var id = text[..at];
        return Text.IsSlug(id) && int.TryParse(text[(at + 1)..], System.Globalization.NumberStyles.None, null, out var version) && version > 0
            ? (id, version)
            : null;
    }
}
