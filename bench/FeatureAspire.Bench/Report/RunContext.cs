using System.Globalization;

namespace FeatureAspire.Bench.Report;

/// <summary>What the report says about the machine and the moment.</summary>
internal sealed record RunContext(DateTime Started, string Machine, string LoadAverage)
{
    public static RunContext Capture()
    {
        var model = ReadFirst("/proc/cpuinfo", "model name") ?? "unknown CPU";
        var memory = ReadFirst("/proc/meminfo", "MemTotal") is { } kb && long.TryParse(kb.Split(' ')[0], CultureInfo.InvariantCulture, out var k)
            ? string.Create(CultureInfo.InvariantCulture, $"{k / 1024 / 1024.0:0} GiB") : "?";
        var load = File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";
        return new RunContext(DateTime.UtcNow,
            string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessorCount} cores ({model}), {memory} RAM, .NET {Environment.Version}"), load);
    }

    private static string? ReadFirst(string path, string key)
    {
        if (!File.Exists(path))
        {
            return null;
        }
        return File.ReadLines(path).Where(l => l.StartsWith(key, StringComparison.Ordinal)).Select(l => l[(l.IndexOf(':') + 1)..].Trim()).FirstOrDefault();
    }
}
