using System.Diagnostics;
using System.Text.Json;
using FeatureAspire.Bench.Http;
using FeatureAspire.Bench.Processes;

namespace FeatureAspire.Bench.Suite;

/// <summary>Seeds users (or items) through the bulk API, as a team would load a batch snapshot, and measures it.</summary>
internal static class Seeder
{
    public const int BatchSize = 1_000;
    public const int Connections = 4;

    public static async Task<SeedResult> SeedAsync(FeatureApiServer api, StoreServer store, SeededEntity entity, long first, long last, long? memoryBaseline,
        CancellationToken cancellationToken)
    {
        var requests = new FeatureRequests(api.Host);
        var next = first;
        var failures = 0;

        var ((seconds, _), cpu) = await CpuSplit.MeasureAsync(api.ProcessId, store.ProcessIds, async () =>
        {
            var started = Stopwatch.GetTimestamp();
            await Task.WhenAll(Enumerable.Range(0, Connections).Select(_ => Task.Run(async () =>
            {
                using var connection = await HttpConnection.OpenAsync(api.Endpoint, cancellationToken);
                while (true)
                {
                    var from = Interlocked.Add(ref next, BatchSize) - BatchSize;
                    if (from > last)
                    {
                        return;
                    }
                    var count = (int)Math.Min(BatchSize, last - from + 1);
                    connection.Send(entity.BulkWrite(requests, from, count));
                    var response = await connection.ReceiveAsync(cancellationToken);
                    if (response.Status != 200)
                    {
                        Interlocked.Increment(ref failures);
                    }
                }
            }, cancellationToken)));
            return (Stopwatch.GetElapsedTime(started).TotalSeconds, 0);
        });

        if (failures > 0)
        {
            throw new InvalidOperationException($"{failures} seeding requests failed.");
        }
        var (_, countBody) = await api.GetAsync(entity.CountPath, cancellationToken);
        var inStore = JsonDocument.Parse(countBody).RootElement.GetProperty("count").GetInt64();
        var memoryAfter = await store.UsedMemoryAsync(cancellationToken);
        return new SeedResult(entity.Plural, first, last - first + 1, BatchSize, Connections, seconds, memoryBaseline, memoryAfter, inStore, cpu);
    }
}
