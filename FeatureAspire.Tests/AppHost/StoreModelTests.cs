using System.Runtime.Versioning;
using FeatureAspire.AppHost.Store;
using FeatureAspire.Store.Hosting;
using static FeatureAspire.Tests.AppHost.StoreModel;

namespace FeatureAspire.Tests.AppHost;

/// <summary>The AppHost's model for each store mode it runs as a process, built but not started (the container mode: see StoreContainerModelTests).</summary>
[SupportedOSPlatform("linux")]
public sealed class StoreModelTests
{
    [Fact]
    public async Task GarnetModeRunsTheEmbeddedHostWithLuaOnLoopbackAndTheUsersFromAnAclFile()
    {
        var store = Assert.IsType<StoreServerResource>(await StoreResourceForModeAsync("garnet"));
        var args = await ArgumentsOfAsync(store);
        try
        {
            Assert.Equal(StoreMode.Garnet, store.Mode);
            Assert.Equal("dotnet", store.Command);
            Assert.EndsWith("FeatureAspire.GarnetHost.dll", args[0], StringComparison.Ordinal);
            Assert.Contains("--lua", args);
            Assert.Equal("127.0.0.1", args[args.IndexOf("--bind") + 1]);
            Assert.Equal("Acl", args[args.IndexOf("--auth") + 1]);
            var aclFile = args[args.IndexOf("--acl-file") + 1];
            AssertOwnerOnly(store.ConfigurationDirectory!, aclFile);
            Assert.Contains($"user {StoreAccess.ApiUser} on", File.ReadAllText(aclFile), StringComparison.Ordinal);
            await AssertNoPasswordInAsync(args, store.PasswordParameter, store.ApiPasswordParameter);
        }
        finally
        {
            Directory.Delete(store.ConfigurationDirectory!, recursive: true);
        }
    }

    [Fact]
    public async Task RedisServerModeGetsOnlyAnOwnerOnlyConfigFileWithTheUsersAndTheMemoryBound()
    {
        var store = Assert.IsType<StoreServerResource>(await StoreResourceForModeAsync("redis-server"));
        var args = await ArgumentsOfAsync(store);
        try
        {
            Assert.Equal("redis-server", store.Command);
            var configFile = Assert.Single(args);
            AssertRedisConfig(store.ConfigurationDirectory!, configFile, store.Port, bind: "127.0.0.1", maxMemory: "1gb");
            await AssertNoPasswordInAsync(args, store.PasswordParameter, store.ApiPasswordParameter);
        }
        finally
        {
            Directory.Delete(store.ConfigurationDirectory!, recursive: true);
        }
    }

    [Fact]
    public async Task TheMemoryBoundComesFromStoreMaxMemoryAndIsChecked()
    {
        var store = Assert.IsType<StoreServerResource>(await StoreResourceForModeAsync("redis-server", "--Store:MaxMemory=64MB"));
        Assert.Equal("64mb", store.MaxMemory);

        var error = await Assert.ThrowsAnyAsync<Exception>(() => StoreResourceForModeAsync("redis-server", "--Store:MaxMemory=1gb\nuser evil on"));
        Assert.Contains(StoreMemoryLimit.ConfigurationKey, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConsumersConnectAsTheLeastPrivilegeUser()
    {
        var store = Assert.IsType<StoreServerResource>(await StoreResourceForModeAsync("redis-server"));

        Assert.Equal(
            "127.0.0.1:{redis.bindings.tcp.port},user=featureapi,password={redis-featureapi-password.value}",
            store.ConnectionStringExpression.ValueExpression);
    }

    [Fact]
    public async Task ClusterModeRunsSixRedisServerNodesBeneathTheRedisResourceWhoseConnectionStringListsThem()
    {
        await using var builder = await BuildAsync("cluster");

        var cluster = Assert.IsType<RedisClusterResource>(builder.Resources.Single(r => r.Name == "redis"));
        var nodes = builder.Resources.OfType<StoreServerResource>().ToList();
        Assert.Equal(RedisCluster.Nodes, nodes.Count);
        Assert.Equal(nodes, cluster.Nodes);
        Assert.All(nodes, node =>
        {
            Assert.Equal(StoreMode.Cluster, node.Mode);
            Assert.Equal("redis-server", node.Command);
            Assert.True(node.TryGetLastAnnotation<ResourceRelationshipAnnotation>(out var parent));
            Assert.Same(cluster, parent.Resource);
            Assert.Same(cluster.Passwords.Api, node.ApiPasswordParameter);
        });
        Assert.Equal(
            string.Concat(nodes.Select(node => $"127.0.0.1:{{{node.Name}.bindings.tcp.port}},")) + "user=featureapi,password={redis-featureapi-password.value}",
            cluster.ConnectionStringExpression.ValueExpression);
    }

    [Fact]
    public async Task ExternalModeUsesTheGivenConnectionString()
    {
        var store = await StoreResourceForModeAsync("external", "--ConnectionStrings:redis=203.0.113.9:6380,password=x");

        Assert.IsNotType<StoreServerResource>(store);
        var connectionString = await ((IResourceWithConnectionString)store).GetConnectionStringAsync();
        Assert.Equal("203.0.113.9:6380,password=x", connectionString);
    }

    [Fact]
    public void AutoModePrefersRedisServerAndFallsBackToGarnet()
    {
        Assert.Equal(StoreMode.RedisServer, StoreModes.Resolve(StoreMode.Auto, "/usr/bin/redis-server"));
        Assert.Equal(StoreMode.Garnet, StoreModes.Resolve(StoreMode.Auto, null));
        Assert.Equal(StoreMode.Garnet, StoreModes.Resolve(StoreMode.Garnet, "/usr/bin/redis-server"));
    }

    [Fact]
    public void UnknownModeIsRefusedWithTheAllowedValues()
    {
        var error = Assert.Throws<InvalidOperationException>(() => StoreModes.Parse("memcached"));
        Assert.Contains("redis-server", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServicesWaitForTheStoreAndReferenceIt()
    {
        await using var builder = await BuildAsync("garnet");
        var featureApi = builder.Resources.OfType<ProjectResource>().Single(r => r.Name == "featureapi");

        Assert.Contains(featureApi.Annotations.OfType<WaitAnnotation>(), wait => wait.Resource.Name == "redis");
        Assert.Contains(featureApi.Annotations.OfType<ResourceRelationshipAnnotation>(), r => r.Resource.Name == "redis");
    }
}
