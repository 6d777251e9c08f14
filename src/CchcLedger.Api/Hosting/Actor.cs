using System.Security.Claims;
using System.Text;

namespace CchcLedger.Api.Hosting;

/// <summary>
/// Who is making a request. Until authentication lands, the name comes from the X-Actor header (UTF-8, percent-encoded
/// where it has diacritics) with a fixed default; it becomes the request's principal, and Wolverine relays the
/// principal's name into every event's metadata, so authentication can later replace the source without touching events.
/// </summary>
public static class Actor
{
    public const string System = "Hệ thống CchcLedger (nạp dữ liệu mẫu)";

    public static ClaimsPrincipal PrincipalFor(string? header, string fallback)
    {
        var name = fallback;
        if (!string.IsNullOrWhiteSpace(header))
        {
            var decoded = Uri.UnescapeDataString(header.Trim()).Normalize(NormalizationForm.FormC);
            if (decoded.Length is > 0 and <= 200 && !decoded.Any(char.IsControl)) name = decoded;
        }
        return new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, name)], authenticationType: "x-actor-header"));
    }
}
