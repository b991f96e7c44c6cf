using System.Globalization;
using FeatureAspire.Bench.Processes;

namespace FeatureAspire.Bench;

/// <summary>How much to measure: smoke proves the harness works, quick is a first look, full is the measurement.</summary>
internal enum BenchMode
{
    Smoke,
    Quick,
    Full,
}

/// <summary>Everything a run is told on the command line, with each mode's durations and sizes.</summary>
internal sealed record BenchOptions
{
    public BenchMode Mode { get; init; } = BenchMode.Full;
    public IReadOnlyList<StoreKind> Stores { get; init; } = [StoreKind.Redis, StoreKind.Garnet];
    public string RepositoryRoot { get; init; } = Directory.GetCurrentDirectory();
    public string? OutputDirectory { get; init; }
    public string Commit { get; init; } = "unknown";

    /// <summary>A soak of this length instead of the scenarios (<c>--soak</c>: 10 minutes, <c>--soak-minutes N</c>).</summary>
    public TimeSpan? Soak { get; init; }

    /// <summary>The soak is of the Zipf workload with writes through a second process (<c>--zipf-soak</c>), not the mix.</summary>
    public bool ZipfSoak { get; init; }

    public TimeSpan Warmup => Mode switch { BenchMode.Smoke => TimeSpan.FromSeconds(0.5), BenchMode.Quick => TimeSpan.FromSeconds(1), _ => TimeSpan.FromSeconds(2) };
    public TimeSpan Duration => Mode switch { BenchMode.Smoke => TimeSpan.FromSeconds(1), BenchMode.Quick => TimeSpan.FromSeconds(3), _ => TimeSpan.FromSeconds(8) };

    /// <summary>
    /// How many alternating slices a compared pair (extract and its ceiling, cache off and on, ...) is split into, so
    /// a burst of load from other processes on a shared machine falls on both sides instead of on one.
    /// </summary>
    public int Rounds => Mode switch { BenchMode.Smoke => 1, BenchMode.Quick => 2, _ => 4 };

    /// <summary>Warm-up of the second and later slices: the process is warm, only the connections are new.</summary>
    public TimeSpan SliceWarmup => TimeSpan.FromSeconds(0.5);

    /// <summary>Users seeded before the extract scenarios.</summary>
    public int Users => Mode switch { BenchMode.Smoke => 2_000, BenchMode.Quick => 20_000, _ => 100_000 };

    /// <summary>The large seeding run (full mode only): users in the store when it ends.</summary>
    public int? LargeSeedUsers => Mode == BenchMode.Full ? 1_000_000 : null;

    /// <summary>Items seeded for the two-entity extract (keys sku-1..), a bulk write per 1,000.</summary>
    public int Items => Mode switch { BenchMode.Smoke => 1_000, BenchMode.Quick => 5_000, _ => 10_000 };

    /// <summary>
    /// The Zipf workload's items, sku-1.. drawn by Zipf's law (s = 1): a million in a full run, as the issue asks; fewer
    /// in quick and smoke runs, whose time a million bulk-written items would take over.
    /// </summary>
    public int ZipfItems => Mode switch { BenchMode.Smoke => 10_000, BenchMode.Quick => 100_000, _ => 1_000_000 };

    /// <summary>Candidates per ranking call in the Zipf workload.</summary>
    public const int CandidatesPerCall = 100;

    /// <summary>
    /// Different ranking calls each generator cycles through: the items they name (a full run's 819,200 draws name
    /// about 214,000 distinct items) are what the near cache must hold, so fewer would flatter it.
    /// </summary>
    public int CandidateVariants => Mode switch { BenchMode.Smoke => 256, BenchMode.Quick => 2_048, _ => 8_192 };

    /// <summary>Applies timed from their answer until a second FeatureApi process serves them (the issue asks for 20).</summary>
    public int RegistryApplies => Mode == BenchMode.Smoke ? 4 : 20;

    public int HotUsers => Mode == BenchMode.Smoke ? 100 : 1_000;
    public int Connections => Mode == BenchMode.Smoke ? 8 : 32;
    public int[] OpenLoopRates => Mode == BenchMode.Smoke ? [500] : [1_000, 5_000, 10_000];
    public int[] BatchSizes => Mode == BenchMode.Smoke ? [100] : [10, 100, 1_000];
    /// <summary>
    /// One connection for latency, many for throughput; batches of 1,000 at 32 connections would keep 32,000 users in
    /// flight and measure the deadline rather than the pipeline, so they get 4.
    /// </summary>
    public int[] BatchConnections(int size) => Mode == BenchMode.Smoke ? [1] : [1, size >= 1_000 ? 4 : Connections];
    public int[] EventBatchSizes => Mode == BenchMode.Smoke ? [100] : [100, 1_000];

    /// <summary>Smoke runs and soaks shorter than the default ten minutes are checks, not results: they go to tmp/.</summary>
    public string DefaultOutput(string repositoryRoot) => Mode == BenchMode.Smoke || Soak < TimeSpan.FromMinutes(10)
        ? Path.Combine(repositoryRoot, "bench", "results", "tmp")
        : Path.Combine(repositoryRoot, "bench", "results");

    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            options = args[i] switch
            {
                "--smoke" => options with { Mode = BenchMode.Smoke },
                "--quick" => options with { Mode = BenchMode.Quick },
                "--full" => options with { Mode = BenchMode.Full },
                "--store" => options with { Stores = ParseStores(Value()) },
                "--repo" => options with { RepositoryRoot = Path.GetFullPath(Value()) },
                "--out" => options with { OutputDirectory = Path.GetFullPath(Value()) },
                "--commit" => options with { Commit = Value() },
                "--soak" => options with { Soak = options.Soak ?? TimeSpan.FromMinutes(10) },
                "--zipf-soak" => options with { Soak = options.Soak ?? TimeSpan.FromMinutes(10), ZipfSoak = true },
                "--soak-minutes" => options with { Soak = TimeSpan.FromMinutes(double.Parse(Value(), CultureInfo.InvariantCulture)) },
                _ => throw new ArgumentException($"Unknown option '{args[i]}'."),
            };
        }
        return options;
    }

    /// <summary>
    /// One store, <c>both</c> (redis and garnet), or a comma-separated list run in that order, for example
    /// <c>redis,cluster</c>: more than one store also writes a side-by-side comparison.
    /// </summary>
    private static StoreKind[] ParseStores(string value) =>
        [.. value.ToLower(CultureInfo.InvariantCulture).Split(',', StringSplitOptions.TrimEntries).SelectMany(name => name switch
        {
            "redis" => [StoreKind.Redis],
            "garnet" => [StoreKind.Garnet],
            "cluster" => [StoreKind.Cluster],
            "both" => new[] { StoreKind.Redis, StoreKind.Garnet },
            _ => throw new ArgumentException($"--store takes redis, garnet, cluster, both or a list such as redis,cluster, not '{value}'."),
        }).Distinct()];
}
