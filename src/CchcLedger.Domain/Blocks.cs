namespace CchcLedger.Domain;

/// <summary>The ranking groups (khối). Rankings, class bands and criteria sets are per block.</summary>
public static class Blocks
{
    public static readonly IReadOnlyDictionary<string, string> Names = new Dictionary<string, string>
    {
        ["departments"] = "Khối sở, ban, ngành",
        ["districts"] = "Khối UBND cấp huyện",
        ["communes"] = "Khối UBND cấp xã",
        ["special-units"] = "Khối đơn vị đặc thù",
    };

    public static bool IsKnown(string? block) => block is not null && Names.ContainsKey(block);

    public static string Describe() => string.Join(", ", Names.Keys);
}
