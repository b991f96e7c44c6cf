using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace FeatureApi.Diagnostics;

/// <summary>
/// FeatureApi's own telemetry: the meter and activity source it emits, registered with OpenTelemetry by FeatureApi
/// itself (the shared service defaults export whatever the services register).
/// </summary>
public static class FeatureTelemetry
{
    public const string MeterName = "FeatureAspire.Features";
    public const string ActivitySourceName = "FeatureAspire.Features";

    /// <summary>
    /// Bucket boundaries in seconds from 50 µs to 1 s: the OpenTelemetry defaults start at 5 ms, below which
    /// everything this service does would fall into one bucket.
    /// </summary>
    public static readonly double[] LatencyBucketsSeconds =
    [
        0.00005, 0.0001, 0.00025, 0.0005, 0.00075, 0.001, 0.0015, 0.002, 0.003, 0.005,
        0.0075, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1
    ];

    /// <summary>Exports the feature-serving meter (with its latency buckets) and spans.</summary>
    public static IHostApplicationBuilder AddFeatureTelemetry(this IHostApplicationBuilder builder)
    {
        builder.Services.ConfigureOpenTelemetryMeterProvider(metrics => metrics
            .AddMeter(MeterName)
            .AddView(instrument =>
                instrument.Meter.Name == MeterName && instrument.Unit == "s"
                    ? new ExplicitBucketHistogramConfiguration { Boundaries = LatencyBucketsSeconds }
                    : null));
        builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddSource(ActivitySourceName));
        return builder;
    }
}
