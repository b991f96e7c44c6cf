using System.Globalization;

namespace FeatureAspire.Bench.Processes;

/// <summary>
/// What a process consumed, read from /proc: CPU time, context switches (thread hops and waits) and read/write
/// system calls. Differences across a scenario, divided by its requests, show where the time goes.
/// </summary>
internal readonly record struct ProcSample(double CpuSeconds, long ContextSwitches, long ReadCalls, long WriteCalls)
{
    public static ProcSample operator +(ProcSample a, ProcSample b) =>
        new(a.CpuSeconds + b.CpuSeconds, a.ContextSwitches + b.ContextSwitches, a.ReadCalls + b.ReadCalls, a.WriteCalls + b.WriteCalls);

    public static ProcSample operator -(ProcSample a, ProcSample b) =>
        new(a.CpuSeconds - b.CpuSeconds, a.ContextSwitches - b.ContextSwitches, a.ReadCalls - b.ReadCalls, a.WriteCalls - b.WriteCalls);
}

internal static class ProcStats
{
    private static readonly double TicksPerSecond = 100; // USER_HZ on Linux

    /// <summary>
    /// With <paramref name="includeReapedChildren"/> the CPU of children that exited and were waited for is added:
    /// that is how redis-benchmark's CPU is counted as load generation.
    /// </summary>
    public static ProcSample Read(int pid, bool includeReapedChildren = false)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // Fields after the command name, which may contain spaces: state is field 3, utime 14, stime 15, cutime 16, cstime 17.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            if (includeReapedChildren)
            {
                ticks += long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture);
            }
            var cpu = ticks / TicksPerSecond;

            long switches = 0;
            foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
            {
                foreach (var line in SafeReadLines(Path.Combine(task, "status")))
                {
                    if (line.StartsWith("voluntary_ctxt_switches:", StringComparison.Ordinal) ||
                        line.StartsWith("nonvoluntary_ctxt_switches:", StringComparison.Ordinal))
                    {
                        switches += long.Parse(line[(line.IndexOf(':') + 1)..].Trim(), CultureInfo.InvariantCulture);
                    }
                }
            }

            long reads = 0, writes = 0;
            foreach (var line in SafeReadLines($"/proc/{pid}/io"))
            {
                if (line.StartsWith("syscr:", StringComparison.Ordinal))
                {
                    reads = long.Parse(line[6..].Trim(), CultureInfo.InvariantCulture);
                }
                else if (line.StartsWith("syscw:", StringComparison.Ordinal))
                {
                    writes = long.Parse(line[6..].Trim(), CultureInfo.InvariantCulture);
                }
            }
            return new ProcSample(cpu, switches, reads, writes);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
            return default; // the process has gone
        }
    }

    /// <summary>The whole machine: busy and total CPU seconds over all cores, from /proc/stat.</summary>
    public static (double Busy, double Total) ReadMachine()
    {
        var first = File.ReadLines("/proc/stat").First();
        var values = first.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8)
            .Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        var total = values.Sum();
        var idle = values[3] + values[4]; // idle + iowait
        return ((total - idle) / TicksPerSecond, total / TicksPerSecond);
    }

    private static IEnumerable<string> SafeReadLines(string path)
    {
        try
        {
            return File.ReadAllLines(path);
        }
        catch (IOException)
        {
            return [];
        }
    }
}
