using FeatureAspire.Store.Hosting;

namespace FeatureAspire.Bench.Processes;

internal static class FreePort
{
    /// <summary>A loopback port nobody listens on right now (the shared launcher's rule).</summary>
    public static int Next() => LoopbackPort.Free();
}
