using Microsoft.Extensions.Logging.Abstractions;

namespace FeatureAspire.Tests.AppHost;

/// <summary>
/// The AppHost's gRPC wiring, read from its model as a deployment would get it: FeatureApi's endpoint named grpc is
/// HTTP/2 and reaches Kestrel as a Kestrel endpoint with Protocols=Http2 beside the JSON one, and FeatureAdmin can
/// discover it. (A start, which the AppHost tests make, checks the same over the wire.)
/// </summary>
public sealed class GrpcEndpointModelTests
{
    [Fact]
    public async Task FeatureApiListensForGrpcOnAnHttp2EndpointOfItsOwnBesideTheJsonOne()
    {
        await using var builder = await CreateAsync();
        var featureApi = builder.Resources.OfType<ProjectResource>().Single(r => r.Name == "featureapi");

        var grpc = Assert.Single(featureApi.Annotations.OfType<EndpointAnnotation>(), e => e.Name == "grpc");
        Assert.Equal("http", grpc.UriScheme);
        Assert.Equal("http2", grpc.Transport);
        // Where samples/python and docs/grpc.md look for it, beside the http endpoint's 5180.
        Assert.Equal(5181, grpc.Port);
        var environment = await EnvironmentOfAsync(featureApi);
        Assert.Equal("Http2", environment["Kestrel__Endpoints__grpc__Protocols"]);
        Assert.Contains("featureapi.bindings.grpc.targetPort", environment["Kestrel__Endpoints__grpc__Url"], StringComparison.Ordinal);
        Assert.Contains("featureapi.bindings.http.targetPort", environment["Kestrel__Endpoints__http__Url"], StringComparison.Ordinal);
        Assert.DoesNotContain("Kestrel__Endpoints__http__Protocols", environment.Keys);
        // Kestrel endpoints replace ASPNETCORE_URLS and HTTP_PORTS; leaving them would only log that they are overridden.
        Assert.DoesNotContain("ASPNETCORE_URLS", environment.Keys);
        Assert.DoesNotContain("HTTP_PORTS", environment.Keys);
    }

    [Fact]
    public async Task FeatureAdminCanDiscoverTheGrpcEndpoint()
    {
        await using var builder = await CreateAsync();
        var environment = await EnvironmentOfAsync(builder.Resources.OfType<ProjectResource>().Single(r => r.Name == "featureadmin"));

        Assert.Contains("featureapi.bindings.grpc", environment["services__featureapi__grpc__0"], StringComparison.Ordinal);
        Assert.Contains("services__featureapi__http__0", environment.Keys);
    }

    private static Task<IDistributedApplicationTestingBuilder> CreateAsync() =>
        DistributedApplicationTestingBuilder.CreateAsync<Projects.FeatureAspire_AppHost>(["--Store:Mode=garnet"]);

    private static async Task<Dictionary<string, string>> EnvironmentOfAsync(ProjectResource resource)
    {
        var configuration = await ExecutionConfigurationBuilder.Create(resource).WithEnvironmentVariablesConfig()
            .BuildAsync(new DistributedApplicationExecutionContext(DistributedApplicationOperation.Publish), NullLogger.Instance, CancellationToken.None);
        return configuration.EnvironmentVariables.ToDictionary(pair => pair.Key, pair => pair.Value);
    }
}
