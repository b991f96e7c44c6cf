using Microsoft.Extensions.Logging.Abstractions;

namespace FeatureAspire.Tests.AppHost;

/// <summary>The generated secrets and who receives them, read from the AppHost's model (publish mode names parameters instead of resolving them).</summary>
public sealed class SecretWiringTests
{
    [Theory]
    [InlineData("featureadmin-api-key")]
    [InlineData("developer-api-key")]
    [InlineData("admin-password")]
    [InlineData("redis-password")]
    [InlineData("redis-featureapi-password")]
    public async Task EachSecretIsAGeneratedSecretParameter(string name)
    {
        await using var builder = await CreateAsync();

        var parameter = Assert.Single(builder.Resources.OfType<ParameterResource>(), p => p.Name == name);
        Assert.True(parameter.Secret);
        // Generated (and kept in user secrets), so a first run needs no input.
        Assert.True(parameter.Default?.GetDefaultValue() is { Length: >= 32 });
    }

    [Theory]
    [InlineData("featureadmin")]
    [InlineData("developer")]
    public async Task FeatureApiGetsEachKeyWithEveryScope(string keyName)
    {
        var environment = await EnvironmentOfAsync("featureapi");

        Assert.Equal($"{{{keyName}-api-key.value}}", environment[$"Auth__ApiKeys__{keyName}__Key"]);
        Assert.Equal("features:read", environment[$"Auth__ApiKeys__{keyName}__Scopes__0"]);
        Assert.Equal("features:write", environment[$"Auth__ApiKeys__{keyName}__Scopes__1"]);
        Assert.Equal("registry:write", environment[$"Auth__ApiKeys__{keyName}__Scopes__2"]);
        Assert.False(environment.ContainsKey($"Auth__ApiKeys__{keyName}__Scopes__3"));
    }

    [Fact]
    public async Task FeatureAdminGetsItsOwnKeyAndItsLoginPasswordOnly()
    {
        var environment = await EnvironmentOfAsync("featureadmin");

        Assert.Equal("{featureadmin-api-key.value}", environment["FeatureApi__ApiKey"]);
        Assert.Equal("{admin-password.value}", environment["Admin__Password"]);
        Assert.DoesNotContain(environment.Values, value => value.Contains("developer-api-key", StringComparison.Ordinal));
        Assert.DoesNotContain(environment.Keys, key => key.StartsWith("ConnectionStrings__", StringComparison.Ordinal));
    }

    private static Task<IDistributedApplicationTestingBuilder> CreateAsync() =>
        DistributedApplicationTestingBuilder.CreateAsync<Projects.FeatureAspire_AppHost>(["--Store:Mode=redis-server"]);

    private static async Task<Dictionary<string, string>> EnvironmentOfAsync(string project)
    {
        await using var builder = await CreateAsync();
        var resource = builder.Resources.OfType<ProjectResource>().Single(r => r.Name == project);
        var configuration = await ExecutionConfigurationBuilder.Create(resource).WithEnvironmentVariablesConfig()
            .BuildAsync(new DistributedApplicationExecutionContext(DistributedApplicationOperation.Publish), NullLogger.Instance, CancellationToken.None);
        return configuration.EnvironmentVariables.ToDictionary(pair => pair.Key, pair => pair.Value);
    }
}
