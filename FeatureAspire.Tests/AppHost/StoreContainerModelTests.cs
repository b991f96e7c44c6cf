using System.Runtime.Versioning;
using FeatureAspire.Store.Hosting;
using static FeatureAspire.Tests.AppHost.StoreModel;

namespace FeatureAspire.Tests.AppHost;

/// <summary>
/// The container store mode's model, built but not started (no container engine is needed): the official Redis image,
/// hardened like the stores the AppHost runs as processes.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class StoreContainerModelTests : IAsyncLifetime
{
    private const string ConfigurationMount = "/etc/featureaspire";

    private IDistributedApplicationTestingBuilder builder = null!;

    private RedisResource Redis => Assert.IsType<RedisResource>(builder.Resources.Single(r => r.Name == "redis"));

    /// <summary>The store's private configuration directory, as the container sees it.</summary>
    private ContainerMountAnnotation Mount => Assert.Single(Redis.Annotations.OfType<ContainerMountAnnotation>());

    private ParameterResource AdminPassword => Password("redis-password");

    private ParameterResource ApiPassword => Password("redis-featureapi-password");

    public async Task InitializeAsync() => builder = await BuildAsync("container", "--Store:MaxMemory=64MB");

    public async Task DisposeAsync()
    {
        // Created with the model; a started AppHost deletes it when it stops, this one never starts.
        Directory.Delete(Mount.Source!, recursive: true);
        await builder.DisposeAsync();
    }

    [Fact]
    public async Task ContainerModeStartsRedisServerWithOnlyItsConfigFileMountedReadOnly()
    {
        var args = await ArgumentsOfAsync(Redis);
        var environment = await EnvironmentOfAsync(builder, Redis);

        Assert.True(Redis.TryGetLastAnnotation<ContainerImageAnnotation>(out var image));
        Assert.Equal("redis", image.Image.Split('/')[^1]);
        // AddRedis runs its arguments through the image's shell: the container starts /bin/sh -c "<the arguments>".
        Assert.Equal("/bin/sh", Redis.Entrypoint);
        Assert.Equal($"redis-server {ConfigurationMount}/redis.conf", string.Join(' ', args));
        Assert.Equal(ContainerMountType.BindMount, Mount.Type);
        Assert.Equal(ConfigurationMount, Mount.Target);
        Assert.True(Mount.IsReadOnly);
        await AssertNoPasswordInAsync([.. args, .. environment.Keys, .. environment.Values.Select(TextOf)], AdminPassword, ApiPassword);
    }

    [Fact]
    public async Task ContainerModeConfigFileIsOwnerOnlyAndHoldsTheUsersAndTheMemoryBound()
    {
        await ArgumentsOfAsync(Redis);
        var configFile = Path.Combine(Mount.Source!, StoreConfiguration.RedisConfigFile);

        // Inside the container: its own interfaces, where the port mapping arrives, and the image's data directory.
        var config = AssertRedisConfig(Mount.Source!, configFile, Redis.PrimaryEndpoint.TargetPort, bind: "* -::*", maxMemory: "64mb");
        Assert.Contains("dir \"/data\"", config);
        var adminPassword = await AdminPassword.GetValueAsync(CancellationToken.None);
        var apiPassword = await ApiPassword.GetValueAsync(CancellationToken.None);
        Assert.Contains($"user default on >{adminPassword} ~* &* +@all", config);
        Assert.Contains(config, line => line.StartsWith($"user {StoreAccess.ApiUser} on >{apiPassword} ", StringComparison.Ordinal)
            && line.Contains(" -@all ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ContainerModeConsumersConnectAsTheLeastPrivilegeUserAndNeverGetTheAdministratorPassword()
    {
        var featureApi = builder.Resources.OfType<ProjectResource>().Single(r => r.Name == "featureapi");

        var environment = await EnvironmentOfAsync(builder, featureApi);

        var connectionString = Assert.IsType<ConnectionStringReference>(environment["ConnectionStrings__redis"]);
        Assert.Same(Redis, connectionString.Resource);
        Assert.StartsWith(
            "{redis.bindings.tcp.host}:{redis.bindings.tcp.port},user=featureapi,password={redis-featureapi-password.value}",
            connectionString.Resource.ConnectionStringExpression.ValueExpression, StringComparison.Ordinal);
        await AssertNoPasswordInAsync([.. environment.Values.Select(TextOf)], AdminPassword);
    }

    private ParameterResource Password(string name) => builder.Resources.OfType<ParameterResource>().Single(p => p.Name == name);
}
