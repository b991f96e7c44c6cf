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
    public static FeatureApiCall Start(string operation, int? users = null, int? events = null, string? entity = null, int? instances = null,
        int? candidates = null)
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
            if (entity is not null)
            {
                activity.SetTag("featureapi.entity", entity);
            }
            if (instances is { } instanceCount)
            {
                activity.SetTag("featureapi.instances", instanceCount);
            }
            if (candidates is { } candidateCount)
            {
                activity.SetTag("featureapi.candidates", candidateCount);
            }
        }
        return new FeatureApiCall(activity);
    }

    public void Degraded(int vectors) => activity?.SetTag("featureapi.degraded", vectors);

    /// <summary>FeatureApi answered with a refusal: the status is the error type, as OpenTelemetry's HTTP conventions have it.</summary>
    public void Refused(int statusCode, string message)
    {
        activity?.SetTag("http.response.status_code", statusCode);
        Failed(statusCode.ToString(System.Globalization.CultureInfo.InvariantCulture), message);
    }

    /// <summary>FeatureApi refused a gRPC call: its status code is the error type, as OpenTelemetry's RPC conventions have it.</summary>
    public void Refused(Grpc.Core.StatusCode statusCode, string message)
    {
        activity?.SetTag("rpc.grpc.status_code", (int)statusCode);
        Failed(statusCode.ToString(), message);
    }

    /// <summary>No answer came (connection refused, timeout): the exception's type is the error type.</summary>
    public void Failed(Exception exception) => Failed(exception.GetType().FullName ?? exception.GetType().Name, exception.Message);

    private void Failed(string errorType, string message)
    {
        activity?.SetTag("error.type", errorType);
        activity?.SetStatus(ActivityStatusCode.Error, message);
    }

    public void Dispose() => activity?.Dispose();
}
