using System.Net;
using System.Net.Sockets;

namespace FeatureAspire.Store.Hosting;

public static class LoopbackPort
{
    /// <summary>redis-server refuses a cluster node above this port: its cluster bus listens 10,000 ports higher.</summary>
    private const int HighestClusterNodePort = 55535;

    private const int ClusterBusOffset = 10000;

    /// <summary>A loopback port nobody listens on right now (the operating system picks it).</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// A free port for a Redis Cluster node: at most 55,535 and with its bus port (10,000 higher) free too. The
    /// operating system's ephemeral range reaches 60,999, so about one pick in five of <see cref="Free"/> is a port
    /// where a cluster node exits at once ("Redis port number too high").
    /// </summary>
    public static int FreeForClusterNode()
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var port = Free();
            if (port <= HighestClusterNodePort && IsFree(port + ClusterBusOffset))
            {
                return port;
            }
        }
        throw new InvalidOperationException("No loopback port with a free cluster bus port was found in 100 attempts.");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
