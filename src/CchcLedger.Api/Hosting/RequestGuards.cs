using System.Text.Json;
using System.Text.Unicode;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;
using CchcLedger.Projections;

namespace CchcLedger.Api.Hosting;

/// <summary>
/// Guards in front of every endpoint: the actor of the request (from its token), and the request body checked before any endpoint
/// code runs: at most 1 MiB (413), valid UTF-8, well-formed JSON, and bindable to the endpoint's request type.
/// Each failure is problem details naming the field, and nothing is written. A lost race between two writers
/// on one stream is a 409.
/// </summary>
public sealed class RequestGuards(RequestDelegate next, IOptions<JsonOptions> json)
{
    public const int MaxBodyBytes = 1024 * 1024;

    public async Task InvokeAsync(HttpContext http)
    {
        using var actor = AuthSettings.ActorOf(http.User) is { } a ? CurrentActor.Use(a) : null;

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = MaxBodyBytes;
        var requestType = http.GetEndpoint()?.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType;
        if (requestType is not null && HttpMethods.IsPost(http.Request.Method) && await CheckBody(http, requestType) is { } problem)
        {
            http.Response.StatusCode = problem.Status!.Value;
            await http.Response.WriteAsJsonAsync(problem, (JsonSerializerOptions?)null, "application/problem+json");
            return;
        }
        try
        {
            await next(http);
        }
        catch (Exception e) when (!http.Response.HasStarted && e is JasperFx.ConcurrencyException or JasperFx.Events.ExistingStreamIdCollisionException)
        {
            // Two writers raced on one stream: the later one wrote nothing and may retry on the new state.
            http.Response.StatusCode = 409;
            await http.Response.WriteAsJsonAsync(Problems.Details(409, "Conflict with the ledger's state", "version",
                "the record was changed by another request at the same time; nothing was written, read it again and retry"),
                (JsonSerializerOptions?)null, "application/problem+json");
        }
    }

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

        var bytes = body.GetBuffer().AsSpan(0, (int)body.Length);
        if (bytes.Length == 0) return null; // an endpoint that needs a body says so itself
        if (!Utf8.IsValid(bytes)) return Problems.Details(400, "Invalid request", "body", "is not valid UTF-8 text");

        try
        {
            using (JsonDocument.Parse(body.GetBuffer().AsMemory(0, (int)body.Length))) { }
        }
        catch (JsonException e)
        {
            return Problems.Details(400, "Invalid request", "body", $"is not well-formed JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1})");
        }

        try
        {
            JsonSerializer.Deserialize(bytes, requestType, json.Value.SerializerOptions);
            return null;
        }
        catch (JsonException e)
        {
            return Problems.Details(400, "Invalid request", Problems.FieldOf(e), "has a value of the wrong type for this field (numbers must be plain JSON numbers, text must be a string)");
        }
    }

    private static HttpValidationProblemDetails TooLarge() =>
        Problems.Details(StatusCodes.Status413PayloadTooLarge, "Request body too large", "body", $"must be at most {MaxBodyBytes} bytes (1 MiB)");
}
