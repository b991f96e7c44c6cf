using FeatureAspire.AppHost.Store;

namespace FeatureAspire.Tests.AppHost;

/// <summary>The AppHost's model for each store mode, built but not started (container mode needs a container engine).</summary>
public sealed class StoreModelTests
{
    [Fact]
    public async Task ContainerModeAddsTheRedisImageWithAPassword()
    {
        var store = await StoreResourceForModeAsync("container");

        var redis = Assert.IsType<RedisResource>(store);
        Assert.NotNull(redis.PasswordParameter);
        Assert.True(redis.TryGetLastAnnotation<ContainerImageAnnotation>(out var image));
        Assert.Equal("redis", image.Image.Split('/')[^1]);
    }

    [Fact]
    public async Task GarnetModeRunsTheEmbeddedHostWithLuaOnLoopback()
    {
        var store = Assert.IsType<StoreServerResource>(await StoreResourceForModeAsync("garnet"));

        Assert.Equal(StoreMode.Garnet, store.Mode);
        Assert.Equal("dotnet", store.Command);
        var args = await ArgumentsOfAsync(store);
        Assert.EndsWith("FeatureAspire.GarnetHost.dll", args[0], StringComparison.Ordinal);
        Assert.Contains("--lua", args);
        Assert.Equal("127.0.0.1", args[args.IndexOf("--bind") + 1]);
    }

    [Fact]
    public async Task RedisServerModeBindsLoopbackWithoutPersistenceAndRequiresAPassword()
    {
        var store = Assert.IsType<StoreServerResource>(await StoreResourceForModeAsync("redis-server"));

        Assert.Equal("redis-server", store.Command);
        var args = await ArgumentsOfAsync(store);
        Assert.Equal("127.0.0.1", args[args.IndexOf("--bind") + 1]);
        Assert.Equal("", args[args.IndexOf("--save") + 1]);
        Assert.Equal("no", args[args.IndexOf("--appendonly") + 1]);
        Assert.Equal("{redis-password}", args[args.IndexOf("--requirepass") + 1]);
        Assert.Equal("{tcp.Port}", args[args.IndexOf("--port") + 1]);
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
        Assert.Equal(StoreMode.RedisServer, StoreModes.Resolve(StoreMode.Auto, _ => "/usr/bin/redis-server"));
        Assert.Equal(StoreMode.Garnet, StoreModes.Resolve(StoreMode.Auto, _ => null));
        Assert.Equal(StoreMode.Garnet, StoreModes.Resolve(StoreMode.Garnet, _ => "/usr/bin/redis-server"));
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
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.FeatureAspire_AppHost>(["--Store:Mode=garnet"]);
        var featureApi = builder.Resources.OfType<ProjectResource>().Single(r => r.Name == "featureapi");

        Assert.Contains(featureApi.Annotations.OfType<WaitAnnotation>(), wait => wait.Resource.Name == "redis");
        Assert.Contains(featureApi.Annotations.OfType<ResourceRelationshipAnnotation>(), r => r.Resource.Name == "redis");
    }

    private static async Task<IResource> StoreResourceForModeAsync(params string[] args)
    {
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.FeatureAspire_AppHost>(
            [$"--Store:Mode={args[0]}", .. args[1..]]);
        return builder.Resources.Single(r => r.Name == "redis");
    }

    private static async Task<List<string>> ArgumentsOfAsync(StoreServerResource store)
    {
        var values = new List<object>();
        var context = new CommandLineArgsCallbackContext(values, store);
        foreach (var callback in store.Annotations.OfType<CommandLineArgsCallbackAnnotation>())
        {
            await callback.Callback(context);
        }
        // Parameters only get values once the app starts, so they are named rather than resolved.
        return values.Select(value => value switch
        {
            string text => text,
            ParameterResource parameter => $"{{{parameter.Name}}}",
            EndpointReferenceExpression endpoint => $"{{{endpoint.Endpoint.EndpointName}.{endpoint.Property}}}",
            _ => value.ToString() ?? "",
        }).ToList();
    }
}
