using System.Net;
using System.Net.Sockets;

namespace FeatureAspire.Store.Hosting;

public static class LoopbackPort
{
    /// <summary>A loopback port nobody listens on right now (the operating system picks it).</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
