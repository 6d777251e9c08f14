using System.Globalization;
using System.Text.Json;
using System.Text.Unicode;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;
using CchcLedger.Projections;
using Wolverine.Http;

namespace CchcLedger.Api.Hosting;

/// <summary>
/// Guards in front of every endpoint: the actor of the request (from its token); typed route and query values
/// (<c>{year}</c>, <c>?asOf=</c>, <c>?version=</c>…) parsed before the endpoint sees them; and the request body checked
/// before any endpoint code runs: at most 1 MiB (413), valid UTF-8, one well-formed JSON object without a key
/// given twice, and bindable to the endpoint's request type with every number exactly representable. Each failure
/// is problem details naming the field or parameter, and nothing is written. A lost race between two writers on
/// one stream is a 409.
/// </summary>
public sealed partial class RequestGuards(RequestDelegate next, IOptions<JsonOptions> json)
{
    [System.Text.RegularExpressions.GeneratedRegex(@"^\d{4}-\d{2}-\d{2}")]
    private static partial System.Text.RegularExpressions.Regex IsoDate();

    public const int MaxBodyBytes = 1024 * 1024;

    public async Task InvokeAsync(HttpContext http)
    {
        using var actor = AuthSettings.ActorOf(http.User) is { } a ? CurrentActor.Use(a) : null;

        // An upload reads its own multipart body as a stream, under the evidence limits; every other body is JSON, at most 1 MiB.
        var streamed = http.GetEndpoint()?.Metadata.GetMetadata<HttpChain>()?.Method.Method.IsDefined(typeof(Evidence.StreamedBodyAttribute), false) == true
                       || http.GetEndpoint()?.Metadata.GetMetadata<Evidence.StreamedBodyAttribute>() is not null;   // a page whose forms upload files
        var maxBody = streamed ? http.RequestServices.GetRequiredService<Evidence.EvidenceSettings>().MaxBodyBytes : MaxBodyBytes;
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = maxBody;
        var problem = CheckParameters(http);
        if (problem is null && streamed && http.Request.ContentLength > maxBody)
            problem = Problems.Details(StatusCodes.Status413PayloadTooLarge, "Request body too large", "body", $"must be at most {maxBody:N0} bytes; nothing was stored");
        var requestType = http.GetEndpoint()?.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType;
        if (problem is null && !streamed && requestType is not null && HttpMethods.IsPost(http.Request.Method)) problem = await CheckBody(http, requestType);
        if (problem is not null)
        {
            await Problems.WriteAsync(http, problem);
            return;
        }
        var (effectiveAt, badEffective) = EffectiveAt(http);
        if (badEffective is not null)
        {
            await Problems.WriteAsync(http, badEffective);
            return;
        }
        using var effective = effectiveAt is { } at ? EffectiveTime.Use(at) : null;
        try
        {
            await next(http);
        }
        catch (EffectiveTimeRefused refused) when (!http.Response.HasStarted)
        {
            await Problems.WriteAsync(http, Problems.Details(400, "Invalid request", EffectiveAtHeader, refused.Message));
        }
        catch (Exception e) when (!http.Response.HasStarted && e is JasperFx.ConcurrencyException or JasperFx.Events.ExistingStreamIdCollisionException)
        {
            // Two writers raced on one stream: the later one wrote nothing and may retry on the new state.
            await Problems.WriteAsync(http, Problems.Details(409, "Conflict with the ledger's state", "version",
                "the record was changed by another request at the same time; nothing was written, read it again and retry"));
        }
    }

    public const string EffectiveAtHeader = "Effective-At";

    /// <summary>
    /// <c>Effective-At</c> on a write: when what it records took effect (the decision's date, a past year brought in), an
    /// ISO 8601 instant with its offset. Staff only: an agency's own entries take effect when it makes them.
    /// </summary>
    private static (DateTimeOffset? At, HttpValidationProblemDetails? Problem) EffectiveAt(HttpContext http)
    {
        if (!HttpMethods.IsPost(http.Request.Method) || !http.Request.Headers.TryGetValue(EffectiveAtHeader, out var values)) return (null, null);
        var text = values.ToString();
        if (!IsoDate().IsMatch(text) || !text.Contains('T') || !(text.EndsWith('Z') || text.Contains('+') || text.LastIndexOf('-') > 10)
            || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at))
            return (null, Problems.Details(400, "Invalid request", EffectiveAtHeader, $"'{text}' is not an instant with its offset, such as 2018-01-15T09:00:00+07:00"));
        if (AuthSettings.ActorOf(http.User) is { Role: Roles.AgencyOfficer })
            return (null, Problems.Details(403, "Forbidden", EffectiveAtHeader, "an agency's own entries take effect when it makes them; only the appraisal office and administrators record an earlier effect"));
        return (at, null);
    }

    /// <summary>
    /// Route and query values that the endpoint takes as numbers or instants, parsed here so that a bad one is a 400
    /// naming it (Wolverine itself would answer a bare 404 for a route value and a 400 naming it only in prose).
    /// </summary>
    private static HttpValidationProblemDetails? CheckParameters(HttpContext http)
    {
        if (http.GetEndpoint()?.Metadata.GetMetadata<HttpChain>() is not { } chain) return null;
        foreach (var parameter in chain.Method.Method.GetParameters())
        {
            var type = Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType;
            if (parameter.Name is not { } name || !Parsers.TryGetValue(type, out var parser)) continue;
            var raw = http.GetRouteValue(name) as string ?? (http.Request.Query.TryGetValue(name, out var q) ? q.ToString() : null);
            if (raw is null) continue;
            if (parser(raw) is { } reason) return Problems.Details(400, "Invalid request", name, reason);
        }
        return null;
    }

    private static readonly Dictionary<Type, Func<string, string?>> Parsers = new()
    {
        [typeof(int)] = raw => int.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)
            ? null : $"'{raw}' is not a whole number between {int.MinValue} and {int.MaxValue}",
        [typeof(long)] = raw => long.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)
            ? null : $"'{raw}' is not a whole number",
        [typeof(DateTimeOffset)] = raw => IsoDate().IsMatch(raw) && DateTimeOffset.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _)
            ? null : $"'{raw}' is not an instant: write it as ISO 8601, such as 2018-01-15T03:00:00Z or 2018-01-15T10:00:00%2B07:00 (a + in a URL is written %2B)",
        [typeof(bool)] = raw => bool.TryParse(raw, out _) ? null : $"'{raw}' is not true or false",
    };

    private async Task<HttpValidationProblemDetails?> CheckBody(HttpContext http, Type requestType)
    {
        if (http.Request.ContentLength > MaxBodyBytes) return TooLarge();

        http.Request.EnableBuffering(bufferThreshold: 64 * 1024, bufferLimit: MaxBodyBytes + 1);
        var body = new MemoryStream();
        try
        {
            await http.Request.Body.CopyToAsync(body, http.RequestAborted);
        }
        catch (IOException)
        {
            return TooLarge();
        }
        if (body.Length > MaxBodyBytes) return TooLarge();
        http.Request.Body.Position = 0;

        var bytes = body.GetBuffer().AsMemory(0, (int)body.Length);
        if (bytes.Length == 0) return Invalid("body", "is required: a JSON object");
        if (!Utf8.IsValid(bytes.Span)) return Invalid("body", "is not valid UTF-8 text");

        try
        {
            using var document = JsonDocument.Parse(bytes);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                return Invalid("body", $"must be a JSON object, not {document.RootElement.ValueKind.ToString().ToLowerInvariant()}");
            if (DuplicateKey(document.RootElement, "") is { } duplicate)
                return Invalid(duplicate, "is given more than once; send each field once");
        }
        catch (JsonException e)
        {
            return Invalid("body", $"is not well-formed JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1})");
        }

        try
        {
            JsonSerializer.Deserialize(bytes.Span, requestType, json.Value.SerializerOptions);
            return null;
        }
        catch (JsonException e)
        {
            // ExactDecimals says why a number cannot be stored; the serializer's own messages are about types.
            var reason = e.Message.StartsWith("The JSON value", StringComparison.Ordinal) || e.Message.Contains("Path:", StringComparison.Ordinal)
                ? "has a value of the wrong type for this field (numbers must be plain JSON numbers, text must be a string)"
                : e.Message;
            return Invalid(Problems.FieldOf(e), reason);
        }
    }

    /// <summary>The path of the first key that an object gives twice (keys are compared as JSON compares them: exactly), if any.</summary>
    private static string? DuplicateKey(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var property in element.EnumerateObject())
                {
                    var at = path.Length == 0 ? property.Name : $"{path}.{property.Name}";
                    // Binding is case-insensitive: "Points" and "points" would silently overwrite each other too.
                    if (!seen.Add(property.Name.ToLowerInvariant())) return at;
                    if (DuplicateKey(property.Value, at) is { } inner) return inner;
                }
                return null;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray())
                    if (DuplicateKey(item, $"{path}[{i++}]") is { } inner) return inner;
                return null;
            default:
                return null;
        }
    }

    private static HttpValidationProblemDetails Invalid(string field, string reason) => Problems.Details(400, "Invalid request", field, reason);

    private static HttpValidationProblemDetails TooLarge() =>
        Problems.Details(StatusCodes.Status413PayloadTooLarge, "Request body too large", "body", $"must be at most {MaxBodyBytes} bytes (1 MiB)");
}
