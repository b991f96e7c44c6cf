namespace FeatureAspire.Store.Hosting;

/// <summary>The RESP servers FeatureAspire knows how to start.</summary>
public enum StoreServerKind
{
    /// <summary>redis-server from PATH.</summary>
    Redis,
    /// <summary>Microsoft Garnet (embedded, or the FeatureAspire.GarnetHost executable).</summary>
    Garnet,
}
