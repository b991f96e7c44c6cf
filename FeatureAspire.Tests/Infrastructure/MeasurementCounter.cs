using System.Diagnostics.Metrics;
using FeatureApi.Diagnostics;

namespace FeatureAspire.Tests.Infrastructure;

/// <summary>
/// Sums one FeatureApi counter's measurements while it lives; given a host's meter factory, only that host's (tests run
/// hosts in parallel, all on the same meter name).
/// </summary>
public sealed class MeasurementCounter : IDisposable
{
    private readonly MeterListener listener = new();
    private long count;

    public MeasurementCounter(string instrumentName, IMeterFactory? scope = null)
    {
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == FeatureTelemetry.MeterName && instrument.Name == instrumentName
                && (scope is null || ReferenceEquals(instrument.Meter.Scope, scope)))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref count, value));
        listener.Start();
    }

    public long Count => Interlocked.Read(ref count);

    public void Dispose() => listener.Dispose();
}
