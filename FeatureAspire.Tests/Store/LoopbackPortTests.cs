using FeatureAspire.Store.Hosting;

namespace FeatureAspire.Tests.Store;

public sealed class LoopbackPortTests
{
    /// <summary>
    /// redis-server exits at once as a cluster node above port 55,535 (its bus is 10,000 higher), and about one pick in
    /// five of the operating system's ephemeral range is above it: enough picks make a wrong choice certain.
    /// </summary>
    [Fact]
    public void AClusterNodesPortLeavesRoomForItsBusPort()
    {
        for (var i = 0; i < 200; i++)
        {
            Assert.InRange(LoopbackPort.FreeForClusterNode(), 1024, 55535);
        }
    }
}
