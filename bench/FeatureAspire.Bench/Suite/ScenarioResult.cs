using FeatureAspire.Bench.Load;

namespace FeatureAspire.Bench.Suite;

/// <summary>Numbers that did not come from our own load generator (redis-benchmark), in milliseconds.</summary>
internal sealed record ExternalLatency(double RequestsPerSecond, double P50Ms, double P95Ms, double P99Ms, double MaxMs, long Requests);

/// <summary>One measured scenario: what ran, how it answered, and where the CPU went meanwhile.</summary>
internal sealed record ScenarioResult(string Id, string Group, string Title, string Load, CpuSplit Cpu)
{
    public LoadResult? Result { get; init; }
    public ExternalLatency? External { get; init; }

    /// <summary>FeatureApi settings that differ from the production defaults.</summary>
    public string ApiSettings { get; init; } = "defaults";

    public string? Note { get; init; }

    public double RequestsPerSecond => Result?.RequestsPerSecond ?? External?.RequestsPerSecond ?? double.NaN;
    public double EntitiesPerSecond => Result?.EntitiesPerSecond ?? RequestsPerSecond;
    public long Requests => Result?.Requests ?? External?.Requests ?? 0;

    public double P50Ms => Result?.PercentileMs(50) ?? External?.P50Ms ?? double.NaN;
    public double P99Ms => Result?.PercentileMs(99) ?? External?.P99Ms ?? double.NaN;

    /// <summary>API CPU per request in microseconds: when both cores are busy, this is what bounds throughput.</summary>
    public double ApiCpuMicrosecondsPerRequest => Requests == 0 ? double.NaN : Cpu.Api.CpuSeconds * 1e6 / (Requests * WindowShare);

    public double ApiContextSwitchesPerRequest => Requests == 0 ? double.NaN : Cpu.Api.ContextSwitches / (Requests * WindowShare);

    public double ApiSyscallsPerRequest => Requests == 0 ? double.NaN : (Cpu.Api.ReadCalls + Cpu.Api.WriteCalls) / (Requests * WindowShare);

    public double StoreCpuMicrosecondsPerRequest => Requests == 0 ? double.NaN : Cpu.Store.CpuSeconds * 1e6 / (Requests * WindowShare);

    /// <summary>One store process's CPU per request (a cluster node's, in <see cref="CpuSplit.StoreNodes"/> order).</summary>
    public double StoreNodeCpuMicrosecondsPerRequest(int node) => Requests == 0 ? double.NaN : Cpu.StoreNodes[node].CpuSeconds * 1e6 / (Requests * WindowShare);

    /// <summary>
    /// CPU is sampled over the whole scenario (warm-up, measured window, wind-down) but requests are counted in the
    /// measured window only; scale the counts to the whole wall time so per-request costs are not inflated.
    /// </summary>
    private double WindowShare => Result is { Seconds: > 0 } r && Cpu.WallSeconds > r.Seconds ? Cpu.WallSeconds / r.Seconds : 1;
}

/// <summary>Bulk seeding of one entity's instances (users, items) numbered <see cref="First"/> onwards.</summary>
internal sealed record SeedResult(string Entity, long First, long Count, int BatchSize, int Connections, double Seconds, long? MemoryBefore, long? MemoryAfter, long InStore, CpuSplit Cpu)
{
    public double PerSecond => Count / Seconds;

    /// <summary>Store memory grown since <see cref="MemoryBefore"/> per instance in the store (its hash and index entry).</summary>
    public double? BytesPerInstance => MemoryBefore is { } before && MemoryAfter is { } after && InStore > 0 ? (after - before) / (double)InStore : null;
}
