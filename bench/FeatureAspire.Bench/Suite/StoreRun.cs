using FeatureAspire.Bench.Processes;

namespace FeatureAspire.Bench.Suite;

/// <summary>Everything measured against one store.</summary>
internal sealed class StoreRun(StoreKind store)
{
    public StoreKind Store { get; } = store;
    public string StoreVersion { get; set; } = "?";
    public List<ScenarioResult> Scenarios { get; } = [];
    public List<SeedResult> Seeds { get; } = [];
    public List<string> Notes { get; } = [];

    /// <summary>Each store process's role ("redis-server", "primary 1", "replica 1", ...), in the order of <see cref="CpuSplit.StoreNodes"/>.</summary>
    public List<string> StoreNodes { get; } = [];

    /// <summary>The same scenarios measured with wrk, by scenario id.</summary>
    public Dictionary<string, Load.WrkResult> Wrk { get; } = [];

    /// <summary>Each h2load slice's HTTP 200s beside FeatureApi's own count of gRPC answers meanwhile.</summary>
    public List<Load.H2LoadCheck> H2LoadChecks { get; } = [];

    /// <summary>Applies timed until a second FeatureApi process served them (not measured on a cluster).</summary>
    public ApplyToServedResult? ApplyToServed { get; set; }
    public TimeSpan Elapsed { get; set; }

    public ScenarioResult? this[string id] => Scenarios.FirstOrDefault(s => s.Id == id);

    public string StoreName => Store.Name();
}
