using System.Net;
using FeatureAspire.Client;
using FeatureAspire.Tests.Infrastructure;
using Grpc.AspNetCore.Server;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FeatureAspire.Tests.Client;

/// <summary>
/// <c>AddFeatureApiGrpcClient</c> against a live FeatureApi's gRPC endpoint: the endpoint from service discovery's
/// <c>services:{name}:grpc:0</c>, the key from the JSON client's configuration, reads retried on UNAVAILABLE (and not
/// with resilience turned off), under service defaults that add an HTTP resilience handler to every client.
/// </summary>
public sealed class FeatureApiGrpcClientRegistrationTests(GarnetStoreFixture garnet) : IClassFixture<GarnetStoreFixture>
{
    [Fact]
    public async Task TheEndpointComesFromServiceDiscoveryAndTheKeyFromConfiguration()
    {
        await using var api = new GrpcApiHost(garnet.Store);
        using var host = Build(api, FeatureApiHost.TestKey, builder => builder.AddFeatureApiGrpcClient("featureapi"));
        var client = host.Services.GetRequiredService<FeatureApiGrpcClient>();

        var definitions = await client.GetDefinitionsAsync();
        var vector = await client.ExtractEntitiesAsync(new Dictionary<string, EntityKey> { ["user"] = ApiFixture.NewUserId() },
            new Dictionary<string, double> { ["current_value"] = 250.0 }, ["f_normalized_value"]);
        await using var stream = client.OpenExtractStream();
        var streamed = await stream.ExtractAsync(new Dictionary<string, EntityKey> { ["user"] = ApiFixture.NewUserId() },
            new Dictionary<string, double> { ["current_value"] = 120.0 }, ["f_normalized_value"]);

        Assert.Contains(definitions, d => d.Name == "f_normalized_value");
        Assert.Equal((2.5, 1.2), (vector.Features["f_normalized_value"], streamed.Features["f_normalized_value"]));
    }

    [Fact]
    public async Task WithoutTheKeyInConfigurationTheCallIsRefused()
    {
        await using var api = new GrpcApiHost(garnet.Store);
        using var host = Build(api, apiKey: null, builder => builder.AddFeatureApiGrpcClient("featureapi"));

        var refused = await Assert.ThrowsAsync<FeatureApiException>(() => host.Services.GetRequiredService<FeatureApiGrpcClient>().GetDefinitionsAsync());

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task AReadAnsweredUnavailableIsRetried()
    {
        var unavailable = new UnavailableFirst(times: 1);
        await using var api = new GrpcApiHost(garnet.Store, configureServices: unavailable.Install);
        using var host = Build(api, FeatureApiHost.TestKey, builder => builder.AddFeatureApiGrpcClient("featureapi"));

        var definitions = await host.Services.GetRequiredService<FeatureApiGrpcClient>().GetDefinitionsAsync();

        Assert.NotEmpty(definitions);
        Assert.Equal(2, unavailable.Calls);
    }

    [Fact]
    public async Task WithResilienceOffACallIsSentOnceAndUnavailableIsAServiceUnavailableRefusal()
    {
        var unavailable = new UnavailableFirst(times: 1);
        await using var api = new GrpcApiHost(garnet.Store, configureServices: unavailable.Install);
        using var host = Build(api, FeatureApiHost.TestKey, builder => builder.AddKeyedFeatureApiGrpcClient("featureapi",
            settings => settings.DisableResilience = true));

        var refused = await Assert.ThrowsAsync<FeatureApiException>(() =>
            host.Services.GetRequiredKeyedService<FeatureApiGrpcClient>("featureapi").GetDefinitionsAsync());

        Assert.Equal((HttpStatusCode.ServiceUnavailable, 1), (refused.StatusCode, unavailable.Calls));
        Assert.Contains("warming up", refused.Message);
    }

    [Fact]
    public async Task AConnectionStringNamesTheGrpcEndpoint()
    {
        await using var api = new GrpcApiHost(garnet.Store);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = Environments.Development });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:features"] = $"Endpoint={api.JsonAddress};GrpcEndpoint={api.GrpcAddress};ApiKey={FeatureApiHost.ReaderKey}",
        });
        builder.AddFeatureApiGrpcClient("features");
        using var host = builder.Build();

        Assert.NotEmpty(await host.Services.GetRequiredService<FeatureApiGrpcClient>().GetDefinitionsAsync());
    }

    /// <summary>A caller service with service defaults, FeatureApi's gRPC endpoint as the AppHost hands it over, and a key or none.</summary>
    private static IHost Build(GrpcApiHost api, string? apiKey, Action<HostApplicationBuilder> configure)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = Environments.Development });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["services:featureapi:http:0"] = api.JsonAddress.ToString(),
            ["services:featureapi:grpc:0"] = api.GrpcAddress.ToString(),
            ["FeatureApi:ApiKey"] = apiKey,
        });
        builder.AddServiceDefaults();
        configure(builder);
        return builder.Build();
    }

    /// <summary>FeatureApi answers its first <c>times</c> unary calls UNAVAILABLE, as a replica that is still starting would.</summary>
    private sealed class UnavailableFirst(int times) : Interceptor
    {
        private int calls;

        public int Calls => Volatile.Read(ref calls);

        public void Install(IServiceCollection services) =>
            services.Configure<GrpcServiceOptions>(options => options.Interceptors.Add<Forwarding>(this));

        public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context,
            UnaryServerMethod<TRequest, TResponse> continuation) =>
            Interlocked.Increment(ref calls) <= times
                ? throw new RpcException(new Status(StatusCode.Unavailable, "warming up"))
                : continuation(request, context);

        /// <summary>What the service options activate per call: the one counting instance.</summary>
        private sealed class Forwarding(UnavailableFirst counter) : Interceptor
        {
            public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context,
                UnaryServerMethod<TRequest, TResponse> continuation) => counter.UnaryServerHandler(request, context, continuation);
        }
    }
}
