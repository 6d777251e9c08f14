namespace CchcLedger.Api.Web;

/// <summary>
/// What the ledger ranks across: a province's agencies by default, but a ministry's units or a national ranking of
/// provinces just as well. Configured (<c>Ledger:Scope</c>, <c>Ledger:ScopeEn</c>), so that "across the province"
/// is said of the ledger's own scope.
/// </summary>
public static class LedgerScope
{
    public const string DefaultVi = "tỉnh Lạng Sơn";
    public const string DefaultEn = "Lạng Sơn province";

    public static string Of(IConfiguration configuration, string lang) =>
        lang == "en" ? configuration["Ledger:ScopeEn"] ?? (configuration["Ledger:Scope"] is { } vi ? vi : DefaultEn) : configuration["Ledger:Scope"] ?? DefaultVi;
}
