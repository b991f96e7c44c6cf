using FeatureAspire.Serving.V1;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace FeatureAspire.Tests.Infrastructure;

/// <summary>
/// FeatureApi with its gRPC endpoint configured as a standalone FeatureApi takes it (<c>Kestrel:Endpoints:grpc</c>,
/// cleartext, <c>Protocols=Http2</c>, a free loopback port) beside the JSON endpoint, and gRPC clients for it that send
/// an API key in the <c>x-api-key</c> metadata. With two endpoints the factory's own clients may be given either address:
/// use <see cref="Http"/> and <see cref="Json"/>.
/// </summary>
internal sealed class GrpcApiHost : IAsyncDisposable
{
    private readonly List<GrpcChannel> channels = [];

    public GrpcApiHost(StoreServer store, IReadOnlyDictionary<string, string?>? settings = null, string environment = "Development",
        Action<IServiceCollection>? configureServices = null)
    {
        GrpcAddress = new Uri($"http://127.0.0.1:{FeatureApiCalls.FreeLoopbackPort()}");
        var merged = new Dictionary<string, string?>
        {
            ["Kestrel:Endpoints:grpc:Url"] = GrpcAddress.ToString(),
            ["Kestrel:Endpoints:grpc:Protocols"] = "Http2",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            merged[key] = value;
        }
        Host = new FeatureApiHost(store, merged, environment: environment, configureServices: configureServices);
        // The factory's own clients may be given either bound address; the JSON one is the address that is not gRPC's.
        var addresses = Host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        JsonAddress = new Uri(Assert.Single(addresses, address => new Uri(address).Port != GrpcAddress.Port));
        Http = Json(FeatureApiHost.TestKey);
    }

    public FeatureApiHost Host { get; }

    /// <summary>A JSON client with <see cref="FeatureApiHost.TestKey"/>.</summary>
    public HttpClient Http { get; }

    public Uri GrpcAddress { get; }

    public Uri JsonAddress { get; }

    /// <summary>A JSON client (HTTP/1.1) sending <paramref name="apiKey"/>, or no key when it is null; the caller disposes it.</summary>
    public HttpClient Json(string? apiKey)
    {
        var client = new HttpClient { BaseAddress = JsonAddress };
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Add(FeatureApiHost.ApiKeyHeader, apiKey);
        }
        return client;
    }

    /// <summary>A FeatureService client sending <paramref name="apiKey"/>, or no key when it is null.</summary>
    public FeatureService.FeatureServiceClient Client(string? apiKey = FeatureApiHost.TestKey) => new(Invoker(apiKey));

    /// <summary>A call invoker on a channel of its own, for the other services the endpoint serves (health, reflection).</summary>
    public CallInvoker Invoker(string? apiKey = FeatureApiHost.TestKey)
    {
        var channel = GrpcChannel.ForAddress(GrpcAddress);
        lock (channels)
        {
            channels.Add(channel);
        }
        return apiKey is null ? channel.CreateCallInvoker() : channel.Intercept(metadata =>
        {
            metadata.Add("x-api-key", apiKey);
            return metadata;
        });
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var channel in channels)
        {
            channel.Dispose();
        }
        Http.Dispose();
        await Host.DisposeAsync();
    }
}
