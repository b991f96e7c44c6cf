using System.Globalization;
using FeatureApi.Auth;

namespace FeatureApi.Extensions;

internal static class RateLimitingExtensions
{
    /// <summary>
    /// Per-key token buckets that charge work (<see cref="RateLimitOptions"/>), and the per-address bucket of failed
    /// authentications; settings are checked at start.
    /// </summary>
    public static IHostApplicationBuilder AddApiRateLimits(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<RateLimitOptions>()
            .Bind(builder.Configuration.GetSection(RateLimitOptions.SectionName))
            .ValidateDataAnnotations()
            .Validate(o => RateLimitPolicies.All.All(policy => Valid(o.For(policy))) && !o.FailedAuthentication.Unlimited && Valid(o.FailedAuthentication),
                "RateLimits: a bucket with Permits above 0 needs a Burst of at least 1 (FailedAuthentication cannot be unlimited).")
            .ValidateOnStart();
        builder.Services.AddSingleton<FailedAuthenticationThrottle>();
        return builder;
    }

    private static bool Valid(TokenBucketSettings bucket) => bucket.Unlimited || bucket.Burst >= 1;

    /// <summary>Charges every request of the route one token from the caller's <paramref name="policy"/> bucket.</summary>
    public static TBuilder ChargesWork<TBuilder>(this TBuilder builder, string policy)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter((context, next) => ChargeAsync(context, next, policy, 1));

    /// <summary>
    /// Charges the caller's <paramref name="policy"/> bucket what the request's body of type <typeparamref name="TBody"/>
    /// costs (users, events): after binding and validation, so a refused body costs nothing and a valid one its size.
    /// </summary>
    public static RouteHandlerBuilder ChargesWork<TBody>(this RouteHandlerBuilder builder, string policy, Func<TBody, int> cost) =>
        builder.AddEndpointFilter((context, next) => ChargeAsync(context, next, policy, Body<TBody>(context) is { } body ? cost(body) : 1));

    private static TBody? Body<TBody>(EndpointFilterInvocationContext context)
    {
        for (var i = 0; i < context.Arguments.Count; i++)
        {
            if (context.Arguments[i] is TBody body)
            {
                return body;
            }
        }
        return default;
    }

    private static ValueTask<object?> ChargeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next, string policy, int cost)
    {
        if (context.HttpContext.User is not ApiKeyPrincipal { Key: var key })
        {
            return next(context);
        }
        var charge = key.Limits.TryCharge(policy, cost);
        return charge.Outcome == ChargeOutcome.Taken ? next(context) : ValueTask.FromResult<object?>(Refusal(context.HttpContext, policy, cost, charge));
    }

    /// <summary>429 with Retry-After while the bucket refills; 413 for a request larger than the bucket can ever hold.</summary>
    private static IResult Refusal(HttpContext context, string policy, int cost, Charge charge)
    {
        var refusal = RateLimitRefusal.Of(policy, cost, charge);
        if (refusal.RetryAfterSeconds is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }
        return TypedResults.Problem(refusal.Problem);
    }
}
