using FeatureAspire.Client;

namespace FeatureAdmin.Api;

/// <summary>What the overview says of the store's layout (<see cref="StoreInfo.Topology"/>).</summary>
public static class StoreTopologyText
{
    extension(StoreTopology topology)
    {
        public int Primaries => topology.Nodes.Count(node => !node.IsReplica);

        public int Replicas => topology.Nodes.Count(node => node.IsReplica);

        public int Disconnected => topology.Nodes.Count(node => !node.Connected);

        /// <summary>"standalone", or "cluster · 3 primaries · 3 replicas", with the disconnected nodes when there are any.</summary>
        public string Summary =>
            (topology.IsCluster ? $"cluster · {Count(topology.Primaries, "primary", "primaries")} · {Count(topology.Replicas, "replica", "replicas")}" : topology.Mode)
            + (topology.Disconnected > 0 ? $" · {topology.Disconnected} disconnected" : "");
    }

    private static string Count(int n, string one, string many) => $"{n} {(n == 1 ? one : many)}";
}
