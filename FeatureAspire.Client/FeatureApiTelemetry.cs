using System.Diagnostics;

namespace FeatureAspire.Client;

/// <summary>
/// The client's spans: one per call, named <c>featureapi.&lt;operation&gt;</c>, above the HTTP client span(s) of its
/// attempts, so a retried call shows as one operation with several requests under it.
/// </summary>
internal static class FeatureApiTelemetry
{
    public const string ActivitySourceName = "FeatureAspire.Client";

    public static readonly ActivitySource Source = new(ActivitySourceName, typeof(FeatureApiTelemetry).Assembly.GetName().Version?.ToString());
}

/// <summary>One client call's span, or nothing when no one listens; tags say what was asked and what came back.</summary>
internal readonly struct FeatureApiCall(Activity? activity) : IDisposable
{
    public static FeatureApiCall Start(string operation, int? users, int? events)
    {
        var activity = FeatureApiTelemetry.Source.StartActivity($"featureapi.{operation}", ActivityKind.Internal);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("featureapi.operation", operation);
            if (users is { } userCount)
            {
                activity.SetTag("featureapi.users", userCount);
            }
            if (events is { } eventCount)
            {
                activity.SetTag("featureapi.events", eventCount);
            }
        }
        return new FeatureApiCall(activity);
    }

    public void Degraded(int vectors) => activity?.SetTag("featureapi.degraded", vectors);

    public void Failed(int statusCode, string message)
    {
        if (activity is null)
        {
            return;
        }
        activity.SetTag("http.response.status_code", statusCode);
        activity.SetTag("error.type", statusCode.ToString(System.Globalization.CultureInfo.InvariantCulture));
        activity.SetStatus(ActivityStatusCode.Error, message);
    }

    public void Dispose() => activity?.Dispose();
}
