using Microsoft.AspNetCore.Mvc;

namespace FeatureApi.Auth;

/// <summary>
/// A refused charge in the caller's terms, one wording for the JSON routes and the gRPC service: 429 and the whole
/// seconds to wait while the bucket refills, or 413 for a request larger than the bucket can ever hold (no wait helps).
/// </summary>
internal sealed record RateLimitRefusal(ProblemDetails Problem, int? RetryAfterSeconds)
{
    public static RateLimitRefusal Of(string policy, int cost, Charge charge)
    {
        var setting = $"RateLimits:{SettingName(policy)}";
        if (charge.Outcome == ChargeOutcome.LargerThanBurst)
        {
            return new(new ProblemDetails
            {
                Status = StatusCodes.Status413PayloadTooLarge,
                Title = "The request is larger than this key may send at once.",
                Detail = $"It costs {cost} tokens of the {policy} bucket, which holds at most {charge.Burst} ({setting}:Burst); send it in parts.",
            }, null);
        }
        var seconds = Math.Max(1, (int)Math.Ceiling(charge.RetryAfter.TotalSeconds));
        return new(new ProblemDetails
        {
            Status = StatusCodes.Status429TooManyRequests,
            Title = "Too many requests for this API key.",
            Detail = $"The key's {policy} budget is spent; retry after {seconds} s. Limits are set under {setting}.",
        }, seconds);
    }

    private static string SettingName(string policy) => policy switch
    {
        RateLimitPolicies.Reads => nameof(RateLimitOptions.Reads),
        RateLimitPolicies.Writes => nameof(RateLimitOptions.Writes),
        RateLimitPolicies.Events => nameof(RateLimitOptions.Events),
        _ => nameof(RateLimitOptions.EventIds),
    };
}
