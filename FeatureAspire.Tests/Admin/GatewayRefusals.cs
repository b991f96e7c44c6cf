using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using FeatureAdmin.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace FeatureAspire.Tests.Admin;

/// <summary>
/// The reasons one gateway host counted on <see cref="AdminMetrics.GatewayRefusedName"/>. Only that host's meter is
/// heard (by its factory), since other tests run hosts in this process at the same time.
/// </summary>
internal sealed class GatewayRefusals : IDisposable
{
    private readonly MeterListener listener = new();
    private readonly ConcurrentQueue<string?> reasons = new();

    public GatewayRefusals(WebApplication gateway)
    {
        var factory = gateway.Services.GetRequiredService<IMeterFactory>();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Scope == factory && instrument.Meter.Name == AdminMetrics.MeterName &&
                instrument.Name == AdminMetrics.GatewayRefusedName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == AdminMetrics.ReasonTag)
                {
                    for (var i = 0; i < value; i++)
                    {
                        reasons.Enqueue(tag.Value as string);
                    }
                }
            }
        });
        listener.Start();
    }

    /// <summary>One reason per refusal counted so far, in order.</summary>
    public IReadOnlyList<string?> Reasons => [.. reasons];

    public void Dispose() => listener.Dispose();
}
