using System.Text.Json;
using CchcLedger.Domain;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CchcLedger.Api.Hosting;

/// <summary>Every refusal as RFC 7807 problem details naming the field and the reason.</summary>
public static class Problems
{
    public static ProblemHttpResult For(Refusal refusal) => refusal.Kind switch
    {
        RefusalKind.NotFound => Make(StatusCodes.Status404NotFound, "Not found", refusal.Field, refusal.Reason),
        RefusalKind.Conflict => Make(StatusCodes.Status409Conflict, "Conflict with the ledger's state", refusal.Field, refusal.Reason),
        RefusalKind.Stale => Make(StatusCodes.Status412PreconditionFailed, "Precondition failed", refusal.Field, refusal.Reason),
        _ => Make(StatusCodes.Status400BadRequest, "Invalid request", refusal.Field, refusal.Reason),
    };

    /// <summary>A batch's refusals at once: the status of the first, every field named (one item may have several reasons).</summary>
    public static ProblemHttpResult ForAll(IReadOnlyList<Refusal> refusals)
    {
        var first = For(refusals[0]).ProblemDetails;
        var errors = refusals.GroupBy(r => r.Field).ToDictionary(g => g.Key, g => g.Select(r => r.Reason).ToArray());
        return TypedResults.Problem(new HttpValidationProblemDetails(errors)
        {
            Status = first.Status,
            Title = first.Title,
            Type = first.Type,
            Detail = refusals.Count == 1 ? first.Detail : $"{refusals.Count} items refused, the first {refusals[0].Field}: {refusals[0].Reason}; nothing was written",
        });
    }

    public static ProblemHttpResult Make(int status, string title, string field, string reason) =>
        TypedResults.Problem(Details(status, title, field, reason));

    public static HttpValidationProblemDetails Details(int status, string title, string field, string reason) =>
        new(new Dictionary<string, string[]> { [field] = [reason] })
        {
            Status = status,
            Title = title,
            Detail = $"{field}: {reason}",
            Type = $"https://tools.ietf.org/html/rfc9110#section-15.5.{status - 399}",
        };

    /// <summary>
    /// Writes problem details from a middleware, through the same service as the endpoints' problems (so every answer
    /// carries the same members, the trace id among them).
    /// </summary>
    public static async Task WriteAsync(HttpContext http, HttpValidationProblemDetails problem)
    {
        http.Response.StatusCode = problem.Status ?? 500;
        var service = http.RequestServices.GetRequiredService<IProblemDetailsService>();
        if (!await service.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem }))
            await http.Response.WriteAsJsonAsync(problem, (JsonSerializerOptions?)null, "application/problem+json");
    }

    /// <summary>The field a JSON error points at: <c>$.evidence[0].title</c> → <c>evidence[0].title</c>; the whole body is <c>body</c>.</summary>
    public static string FieldOf(JsonException e) =>
        e.Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : "body";
}
