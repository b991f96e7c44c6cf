namespace FeatureAdmin.Api;

/// <summary>
/// The store's nodes as featureapi's connection sees them (<c>topology</c> of <c>GET /api/store</c>): one server, or a
/// cluster's primaries with their slots and replicas with their primary. A local stand-in until
/// <see cref="FeatureAspire.Client.StoreInfo"/> carries the topology itself.
/// </summary>
/// <param name="Mode"><c>standalone</c> or <c>cluster</c>.</param>
/// <param name="Nodes">Primaries first, each with its role and connection state.</param>
public sealed record StoreTopology(string Mode, IReadOnlyList<StoreNode> Nodes)
{
    public const string ClusterMode = "cluster";
    public const string PrimaryRole = "primary";

    public bool IsCluster => Mode == ClusterMode;

    public int Primaries => Nodes.Count(node => node.IsPrimary);

    public int Replicas => Nodes.Count - Primaries;

    public int Connected => Nodes.Count(node => node.Connected);

    /// <summary>What the overview's store tile says of it: "standalone", or "cluster · 3 primaries · 3 replicas".</summary>
    public string Summary => IsCluster ? $"cluster · {Count(Primaries, "primary", "primaries")} · {Count(Replicas, "replica", "replicas")}" : Mode;

    private static string Count(int n, string one, string many) => $"{n} {(n == 1 ? one : many)}";
}

/// <summary>One store node.</summary>
/// <param name="Endpoint">Its address, such as <c>127.0.0.1:7001</c>.</param>
/// <param name="Role"><c>primary</c> or <c>replica</c>.</param>
/// <param name="Connected">Whether featureapi's connection to it is up.</param>
/// <param name="Primary">For a cluster replica, the endpoint of the primary it copies.</param>
/// <param name="Slots">For a cluster primary, the hash slots it serves, such as <c>0-5460</c>.</param>
public sealed record StoreNode(string Endpoint, string Role, bool Connected, string? Primary = null, string? Slots = null)
{
    public bool IsPrimary => Role == StoreTopology.PrimaryRole;
}
