using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;

namespace CchcLedger.Api.Hosting;

/// <summary>
/// Guards in front of every endpoint: the body size limit (1 MiB, 413), the actor of the request, and JSON or
/// transport errors turned into problem details instead of a 500.
/// </summary>
public sealed class RequestGuards(RequestDelegate next, ILogger<RequestGuards> log)
{
    public const long MaxBodyBytes = 1024 * 1024;
    public const string ActorHeader = "X-Actor";
    public const string DefaultActor = "chưa xác thực";

    public async Task InvokeAsync(HttpContext http)
    {
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = MaxBodyBytes;
        if (http.Request.ContentLength > MaxBodyBytes)
        {
            await Write(http, Problems.Details(StatusCodes.Status413PayloadTooLarge, "Request body too large", "body", $"must be at most {MaxBodyBytes} bytes (1 MiB)"));
            return;
        }

        http.User = Actor.PrincipalFor(http.Request.Headers[ActorHeader].ToString(), DefaultActor);

        try
        {
            await next(http);
        }
        catch (Exception e) when (!http.Response.HasStarted && Unwrap(e) is JsonException or BadHttpRequestException or DecoderFallbackException)
        {
            var (status, field, reason) = Unwrap(e) switch
            {
                JsonException json => (400, Problems.FieldOf(json), $"is not valid JSON for this request: {json.Message.Split(" Path:")[0]}"),
                BadHttpRequestException { StatusCode: 413 } => (413, "body", $"must be at most {MaxBodyBytes} bytes (1 MiB)"),
                DecoderFallbackException => (400, "body", "is not valid UTF-8 text"),
                var other => (400, "body", other.Message),
            };
            log.LogInformation("Refused a malformed request to {Path}: {Field} {Reason}", http.Request.Path, field, reason);
            await Write(http, Problems.Details(status, status == 413 ? "Request body too large" : "Invalid request", field, reason));
        }
    }

    private static Exception Unwrap(Exception e) =>
        e is JsonException or BadHttpRequestException or DecoderFallbackException || e.InnerException is null ? e : Unwrap(e.InnerException);

    private static Task Write(HttpContext http, Microsoft.AspNetCore.Mvc.ProblemDetails details)
    {
        http.Response.StatusCode = details.Status!.Value;
        return http.Response.WriteAsJsonAsync(details, (JsonSerializerOptions?)null, "application/problem+json");
    }
}
