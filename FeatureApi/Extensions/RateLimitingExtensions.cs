using System.Globalization;
using System.Threading.RateLimiting;
using FeatureApi.Auth;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace FeatureApi.Extensions;

internal static class RateLimitingExtensions
{
    /// <summary>
    /// One token bucket per API key name and policy (reads, writes, events); over the limit a request gets a 429
    /// problem with Retry-After.
    /// </summary>
    public static IHostApplicationBuilder AddApiRateLimits(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<RateLimitOptions>()
            .Bind(builder.Configuration.GetSection(RateLimitOptions.SectionName))
            .ValidateDataAnnotations()
            .Validate(o => Valid(o.Reads) && Valid(o.Writes) && Valid(o.Events),
                "RateLimits: a bucket with Permits above 0 needs a Burst of at least 1 and a positive Period.")
            .ValidateOnStart();

        builder.Services.AddRateLimiter(_ => { });
        builder.Services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>>((limiter, limits) =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = WriteTooManyRequestsAsync;
            foreach (var policy in RateLimitPolicies.All)
            {
                AddBucket(limiter, policy, limits.Value.For(policy));
            }
        });
        return builder;
    }

    /// <summary>
    /// Puts the route under <paramref name="policy"/>, unless that bucket is unlimited: then the route skips the rate
    /// limiter altogether (its partition lookup takes a lock), which keeps unlimited reads, the hot path, free of it.
    /// </summary>
    public static TBuilder RequireRateLimits<TBuilder>(this TBuilder builder, IEndpointRouteBuilder app, string policy)
        where TBuilder : IEndpointConventionBuilder
    {
        var bucket = app.ServiceProvider.GetRequiredService<IOptions<RateLimitOptions>>().Value.For(policy);
        return bucket.Permits == 0 ? builder : builder.RequireRateLimiting(policy);
    }

    private static bool Valid(TokenBucketSettings bucket) =>
        bucket.Permits == 0 || (bucket.Permits > 0 && bucket.Burst >= 1 && bucket.Period > TimeSpan.Zero);

    /// <summary>
    /// The policy's bucket per key name (requests get here only once authorized). Delegates and limiter options are
    /// made once here, so choosing a request's partition allocates nothing. An unlimited bucket has no policy: its
    /// routes never name it (<see cref="RequireRateLimits"/>).
    /// </summary>
    private static void AddBucket(RateLimiterOptions limiter, string policy, TokenBucketSettings bucket)
    {
        if (bucket.Permits == 0)
        {
            return;
        }
        var options = new TokenBucketRateLimiterOptions
        {
            TokenLimit = bucket.Burst,
            TokensPerPeriod = bucket.Permits,
            ReplenishmentPeriod = bucket.Period,
            QueueLimit = 0,
            AutoReplenishment = true,
        };
        Func<string, RateLimiter> create = _ => new TokenBucketRateLimiter(options);
        limiter.AddPolicy(policy, context => RateLimitPartition.Get(KeyName(context), create));
    }

    private static string KeyName(HttpContext context) => context.User.Identity?.Name ?? "";

    private static async ValueTask WriteTooManyRequestsAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many requests for this API key.",
                Detail = $"The key's rate limit is reached; retry after {seconds} s. Limits are set under RateLimits.",
            },
        });
    }
}
