using System.Text.Json.Serialization;

namespace FeatureAspire.Client;

/// <summary>Which server stores the features and whether it answers, from <c>GET /api/store</c>.</summary>
/// <param name="Server"><c>redis</c>, <c>garnet</c>, or <c>unknown</c> when the store does not answer.</param>
/// <param name="Version">The server's version, when it answered.</param>
/// <param name="Healthy">True when the store answered PING.</param>
/// <param name="PingMilliseconds">The PING round trip seen from FeatureApi.</param>
public sealed record StoreInfo(string Server, string? Version, bool Healthy, double? PingMilliseconds)
{
    // Outside the positional parameters, so the constructor and Deconstruct callers already use stay as they were.

    /// <summary>
    /// The store's nodes as FeatureApi's connection sees them (also when the store does not answer); null from a
    /// FeatureApi older than the topology.
    /// </summary>
    public StoreTopology? Topology { get; init; }
}

/// <summary>A single server or a cluster, and each of its nodes.</summary>
/// <param name="Mode"><c>standalone</c> or <c>cluster</c>; a string, so a mode a newer FeatureApi adds is still read.</param>
/// <param name="Nodes">Every node, primaries first.</param>
public sealed record StoreTopology(string Mode, IReadOnlyList<StoreNode> Nodes)
{
    /// <summary>True for a Redis Cluster (<see cref="Mode"/> <c>cluster</c>).</summary>
    [JsonIgnore]
    public bool IsCluster => Mode == "cluster";
}

/// <summary>One node of the store.</summary>
/// <param name="Endpoint">Where it listens, such as <c>127.0.0.1:7001</c>.</param>
/// <param name="Role"><c>primary</c> or <c>replica</c>.</param>
/// <param name="Connected">Whether FeatureApi's connection to it is up.</param>
/// <param name="Primary">For a cluster replica, the endpoint of the primary it copies.</param>
/// <param name="Slots">For a cluster primary, the hash slots it serves, such as <c>0-5460</c> or <c>0-10,20-30</c>.</param>
public sealed record StoreNode(string Endpoint, string Role, bool Connected, string? Primary = null, string? Slots = null)
{
    /// <summary>True for a replica (<see cref="Role"/> <c>replica</c>).</summary>
    [JsonIgnore]
    public bool IsReplica => Role == "replica";
}

/// <summary>The answer of <c>POST /api/store/roundtrip</c>: a scratch value written, read back and deleted.</summary>
/// <param name="Written">The value written.</param>
/// <param name="Read">The value read back.</param>
/// <param name="ElapsedMilliseconds">How long the write and read took, seen from FeatureApi.</param>
public sealed record StoreRoundTrip(string Written, string Read, double ElapsedMilliseconds);

/// <summary>FeatureApi's own health endpoint, <c>GET /health</c>.</summary>
/// <param name="Healthy">True when every FeatureApi health check passes (its store included).</param>
/// <param name="Report">The text FeatureApi answered, such as <c>Healthy</c> or <c>Unhealthy</c>.</param>
public sealed record FeatureApiHealth(bool Healthy, string Report);
