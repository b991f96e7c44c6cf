using System.Diagnostics;
using FeatureAspire.Bench.Processes;

namespace FeatureAspire.Bench.Suite;

/// <summary>
/// Where the CPU went during one scenario, in percent of one core (two cores = 200 %): the load generator (this
/// process, plus redis-benchmark when it ran), FeatureApi, the store, and everything else on the machine.
/// <see cref="StoreNodes"/> holds each store process (a cluster's nodes, in <see cref="StoreServer.Nodes"/> order);
/// <see cref="Store"/> is their sum.
/// </summary>
internal sealed record CpuSplit(double WallSeconds, ProcSample LoadGenerator, ProcSample Api, IReadOnlyList<ProcSample> StoreNodes, double MachineBusySeconds, int Cores)
{
    public ProcSample Store => StoreNodes.Aggregate(default(ProcSample), (a, b) => a + b);

    public double LoadGeneratorPercent => Percent(LoadGenerator.CpuSeconds);
    public double ApiPercent => Percent(Api.CpuSeconds);
    public double StorePercent => Percent(Store.CpuSeconds);
    public double StoreNodePercent(int node) => Percent(StoreNodes[node].CpuSeconds);
    public double MachinePercent => Percent(MachineBusySeconds);
    public double OtherPercent => Math.Max(0, MachinePercent - LoadGeneratorPercent - ApiPercent - StorePercent);
    public double CapacityPercent => Cores * 100.0;

    private double Percent(double seconds) => WallSeconds <= 0 ? 0 : seconds / WallSeconds * 100;

    /// <summary>The split over several slices of one scenario, as if they had run as one.</summary>
    public static CpuSplit Combine(IReadOnlyList<CpuSplit> slices) => new(
        slices.Sum(s => s.WallSeconds),
        slices.Select(s => s.LoadGenerator).Aggregate((a, b) => a + b),
        slices.Select(s => s.Api).Aggregate((a, b) => a + b),
        [.. slices[0].StoreNodes.Select((_, node) => slices.Select(s => s.StoreNodes[node]).Aggregate((a, b) => a + b))],
        slices.Sum(s => s.MachineBusySeconds),
        slices[0].Cores);

    /// <summary>Samples the load generator, FeatureApi, every store process and the machine before and after <paramref name="run"/>.</summary>
    public static async Task<(T Result, CpuSplit Cpu)> MeasureAsync<T>(int apiPid, IReadOnlyList<int> storePids, Func<Task<T>> run)
    {
        var self = Environment.ProcessId;
        var (lg0, api0, store0, machine0) = (ProcStats.Read(self, true), ProcStats.Read(apiPid), storePids.Select(pid => ProcStats.Read(pid)).ToList(), ProcStats.ReadMachine());
        var started = Stopwatch.GetTimestamp();
        var result = await run();
        var wall = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var (lg1, api1, store1, machine1) = (ProcStats.Read(self, true), ProcStats.Read(apiPid), storePids.Select(pid => ProcStats.Read(pid)).ToList(), ProcStats.ReadMachine());
        return (result, new CpuSplit(wall, lg1 - lg0, api1 - api0, [.. store1.Select((after, node) => after - store0[node])], machine1.Busy - machine0.Busy, Environment.ProcessorCount));
    }
}
