using System.Diagnostics;
using System.Globalization;

namespace FeatureApi.Benchmarks;

/// <summary>
/// The process's memory and collector counters as JSON, for the bench's soak (is the working set and the GC heap flat
/// over time?) without attaching a diagnostics tool.
/// </summary>
internal static class RuntimeSnapshot
{
    public static string Json()
    {
        var info = GC.GetGCMemoryInfo();
        using var process = Process.GetCurrentProcess();
        return string.Create(CultureInfo.InvariantCulture,
            $$"""{"workingSetBytes":{{process.WorkingSet64}},"gcHeapBytes":{{info.HeapSizeBytes}},"gcCommittedBytes":{{info.TotalCommittedBytes}},"gen0":{{GC.CollectionCount(0)}},"gen1":{{GC.CollectionCount(1)}},"gen2":{{GC.CollectionCount(2)}},"pauseMs":{{GC.GetTotalPauseDuration().TotalMilliseconds:0.###}},"allocatedBytes":{{GC.GetTotalAllocatedBytes()}}}""");
    }
}
