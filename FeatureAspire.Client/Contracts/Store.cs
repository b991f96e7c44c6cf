namespace FeatureAspire.Client;

/// <summary>Which server stores the features and whether it answers, from <c>GET /api/store</c>.</summary>
/// <param name="Server"><c>redis</c>, <c>garnet</c>, or <c>unknown</c> when the store does not answer.</param>
/// <param name="Version">The server's version, when it answered.</param>
/// <param name="Healthy">True when the store answered PING.</param>
/// <param name="PingMilliseconds">The PING round trip seen from FeatureApi.</param>
public sealed record StoreInfo(string Server, string? Version, bool Healthy, double? PingMilliseconds);

/// <summary>The answer of <c>POST /api/store/roundtrip</c>: a scratch value written, read back and deleted.</summary>
/// <param name="Written">The value written.</param>
/// <param name="Read">The value read back.</param>
/// <param name="ElapsedMilliseconds">How long the write and read took, seen from FeatureApi.</param>
public sealed record StoreRoundTrip(string Written, string Read, double ElapsedMilliseconds);

/// <summary>FeatureApi's own health endpoint, <c>GET /health</c>.</summary>
/// <param name="Healthy">True when every FeatureApi health check passes (its store included).</param>
/// <param name="Report">The text FeatureApi answered, such as <c>Healthy</c> or <c>Unhealthy</c>.</param>
public sealed record FeatureApiHealth(bool Healthy, string Report);
