using System.Threading.RateLimiting;
using Engram.Access;
using Engram.Errors;
using Microsoft.Extensions.DependencyInjection;

namespace Engram.Server.Http;

/// <summary>
/// Each principal's request budget (ASP.NET Core's rate limiting middleware, a token bucket per partition):
/// a user or service account shares one budget across all its API keys, so minting keys does not multiply
/// it; each agent session has its own. Runs after authentication, so every request it sees has a caller or is
/// open by name (health checks), and those have no budget.
/// </summary>
internal static class PrincipalRateLimits
{
    public static IServiceCollection AddPrincipalRateLimits(this IServiceCollection services, ServerOptions options) =>
        services.AddRateLimiter(limiter =>
        {
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
                http.CallerOrNull() is { } caller
                    ? RateLimitPartition.GetTokenBucketLimiter(Partition(caller), _ => new TokenBucketRateLimiterOptions
                    {
                        TokenLimit = options.RateLimitBurst,
                        TokensPerPeriod = options.RateLimitPerSecond,
                        ReplenishmentPeriod = options.RateLimitReplenishmentPeriod,
                        QueueLimit = 0,
                        AutoReplenishment = true,
                    })
                    : RateLimitPartition.GetNoLimiter("open"));
            limiter.OnRejected = async (rejected, _) =>
            {
                var wait = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : options.RateLimitReplenishmentPeriod;
                var seconds = Seconds(wait);
                var who = rejected.HttpContext.CallerOrNull() is { } caller ? Describe(caller) : "this caller";
                await ErrorResponses.WriteAsync(rejected.HttpContext, StatusCodes.Status429TooManyRequests,
                    new EngramException(ErrorType.RateLimit, "rate_limit_error",
                        $"{who} is over its rate limit of {options.RateLimitPerSecond} requests per second (bursts up to {options.RateLimitBurst}); retry after {seconds} s"),
                    seconds);
            };
        });

    /// <summary>Whole seconds to wait, at least one: what <c>retry-after</c> carries.</summary>
    public static int Seconds(TimeSpan wait) => (int)Math.Clamp(Math.Ceiling(wait.TotalSeconds), 1, int.MaxValue);

    /// <summary>The budget a caller draws on: its principal (all its keys), or its session.</summary>
    private static string Partition(Caller caller) => caller.Actor.ToString();

    private static string Describe(Caller caller) => caller.Actor.Type switch
    {
        ActorType.Session => $"session {caller.Actor.Id}",
        ActorType.ApiKey => $"API key {caller.Actor.Id}",
        _ => $"{caller.Actor.Id} (all its API keys together)",
    };
}
