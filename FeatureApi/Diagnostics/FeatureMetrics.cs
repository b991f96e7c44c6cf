using System.Diagnostics;
using System.Diagnostics.Metrics;
using FeatureApi.Features;

namespace FeatureApi.Diagnostics;

/// <summary>The feature-serving instruments, on the meter the service defaults export.</summary>
public sealed class FeatureMetrics
{
    private static readonly KeyValuePair<string, object?>[] StatusTags =
        [.. Enum.GetValues<FeatureStatus>().Select(s => new KeyValuePair<string, object?>("status", s.ToWireName()))];

    private readonly Histogram<double> requestDuration;
    private readonly Histogram<double> lookupDuration;
    private readonly Histogram<int> batchSize;
    private readonly Counter<long> statuses;
    private readonly Counter<long> cacheHits;
    private readonly Counter<long> cacheMisses;

    public FeatureMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(FeatureTelemetry.MeterName);
        requestDuration = meter.CreateHistogram<double>("features.request.duration", "s", "Time to extract features for one request, from parsed body to computed vectors.");
        lookupDuration = meter.CreateHistogram<double>("features.store.lookup.duration", "s", "Time of the one pipelined store exchange of an extract.");
        batchSize = meter.CreateHistogram<int>("features.batch.size", "{row}", "Rows (entity key sets) per extract request.");
        statuses = meter.CreateCounter<long>("features.status", "{feature}", "Features served, by status.");
        cacheHits = meter.CreateCounter<long>("features.cache.hits", "{lookup}", "Stored-feature lookups (one per distinct instance) answered by the near cache.");
        cacheMisses = meter.CreateCounter<long>("features.cache.misses", "{lookup}", "Stored-feature lookups that went to the store while the near cache serves.");
        EventsIngested = meter.CreateCounter<long>("features.events.ingested", "{event}", "Live events accepted.");
        EventsRejected = meter.CreateCounter<long>("features.events.rejected", "{event}", "Live events refused by validation.");
        WritesRefusedForMemory = meter.CreateCounter<long>("features.store.writes.refused", "{request}",
            "Writes the store refused because its memory limit is reached (answered 507).");
    }

    public Counter<long> EventsIngested { get; }
    public Counter<long> EventsRejected { get; }
    public Counter<long> WritesRefusedForMemory { get; }

    public void RecordExtraction(bool batch, bool degraded, int users, TimeSpan elapsed, ReadOnlySpan<int> statusCounts)
    {
        if (requestDuration.Enabled)
        {
            requestDuration.Record(elapsed.TotalSeconds, new TagList
            {
                { "operation", batch ? "batch" : "single" },
                { "degraded", degraded },
            });
        }
        batchSize.Record(users);
        for (var status = 0; status < statusCounts.Length; status++)
        {
            if (statusCounts[status] > 0)
            {
                statuses.Add(statusCounts[status], StatusTags[status]);
            }
        }
    }

    public void RecordLookup(TimeSpan elapsed, int cacheHitCount, int cacheMissCount, bool cacheEnabled)
    {
        lookupDuration.Record(elapsed.TotalSeconds);
        if (cacheEnabled)
        {
            cacheHits.Add(cacheHitCount);
            cacheMisses.Add(cacheMissCount);
        }
    }
}
