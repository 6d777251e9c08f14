using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace CchcLedger.Api.Hosting;

/// <summary>
/// Requests per minute: <c>RateLimits:AnonymousPerMinute</c> per client address for callers without a token (default
/// 120), <c>RateLimits:AuthenticatedPerMinute</c> per token holder (default 1200). Over the limit: 429 problem details.
/// </summary>
public static class RateLimits
{
    public static void Configure(RateLimiterOptions options, IConfiguration configuration)
    {
        var anonymous = configuration.GetValue("RateLimits:AnonymousPerMinute", 120);
        var authenticated = configuration.GetValue("RateLimits:AuthenticatedPerMinute", 1200);
        options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
            // Health probes are never limited: a monitor that polls must not be told the ledger is down.
            http.Request.Path.StartsWithSegments("/health") ? RateLimitPartition.GetNoLimiter("health")
            : AuthSettings.ActorOf(http.User) is { } actor
                ? Window($"token:{actor.Name}:{actor.Role}", authenticated)
                : Window($"address:{http.Connection.RemoteIpAddress}", anonymous));
        options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        options.OnRejected = (context, ct) =>
        {
            context.HttpContext.Response.Headers.RetryAfter = "60";
            return new ValueTask(Problems.WriteAsync(context.HttpContext,
                Problems.Details(429, "Too many requests", "rate", "the request limit for this caller is used up for this minute; retry after 60 seconds")));
        };
    }

    private static RateLimitPartition<string> Window(string key, int perMinute) =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = perMinute,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        });
}
