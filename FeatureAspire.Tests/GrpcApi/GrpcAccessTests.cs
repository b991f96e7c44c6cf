using System.Net;
using FeatureAspire.Tests.Infrastructure;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Reflection.V1Alpha;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using static FeatureAspire.Tests.GrpcApi.GrpcAssertions;
using Rpc = FeatureAspire.Serving.V1;

namespace FeatureAspire.Tests.GrpcApi;

/// <summary>
/// The gRPC endpoint's doors: the same API keys (in x-api-key metadata) and scopes as the JSON API, the same read
/// budget, the standard health service in step with /health, and reflection only in Development.
/// </summary>
public sealed class GrpcAccessTests(GarnetStoreFixture garnet) : IClassFixture<GarnetStoreFixture>
{
    private static readonly Rpc.ExtractRequest UserExtract = UserRequest(7);

    [Fact]
    public async Task ACallWithoutAKnownKeyIsUnauthenticatedAndAKeyWithoutTheReadScopeIsPermissionDenied()
    {
        await using var host = new GrpcApiHost(garnet.Store);

        var none = await Assert.ThrowsAsync<RpcException>(() => host.Client(apiKey: null).ExtractAsync(UserExtract).ResponseAsync);
        var unknown = await Assert.ThrowsAsync<RpcException>(() => host.Client("not-a-key-of-this-featureapi").ExtractAsync(UserExtract).ResponseAsync);
        var writeOnly = await Assert.ThrowsAsync<RpcException>(() => host.Client(FeatureApiHost.WriterKey).GetDefinitionsAsync(new Rpc.GetDefinitionsRequest()).ResponseAsync);

        Assert.Equal(StatusCode.Unauthenticated, none.StatusCode);
        Assert.Equal(StatusCode.Unauthenticated, unknown.StatusCode);
        Assert.Contains("x-api-key", none.Status.Detail, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(StatusCode.PermissionDenied, writeOnly.StatusCode);
        Assert.Contains("features:read", writeOnly.Status.Detail, StringComparison.Ordinal);
        // A read-only key is enough.
        Assert.Equal(30, (await host.Client(FeatureApiHost.ReaderKey).ExtractAsync(UserExtract)).Features["user_age"]);
    }

    [Fact]
    public async Task FailedAuthenticationsPastTheAddressBudgetAreResourceExhaustedWithARetryDelay()
    {
        await using var host = new GrpcApiHost(garnet.Store, new Dictionary<string, string?>
        {
            ["RateLimits:FailedAuthentication:Permits"] = "1",
            ["RateLimits:FailedAuthentication:Period"] = "00:01:00",
            ["RateLimits:FailedAuthentication:Burst"] = "2",
        });
        var anonymous = host.Client(apiKey: null);

        var codes = new List<StatusCode>();
        RpcException? last = null;
        for (var i = 0; i < 3; i++)
        {
            last = await Assert.ThrowsAsync<RpcException>(() => anonymous.ExtractAsync(UserExtract).ResponseAsync);
            codes.Add(last.StatusCode);
        }

        Assert.Equal([StatusCode.Unauthenticated, StatusCode.Unauthenticated, StatusCode.ResourceExhausted], codes);
        Assert.True(RetryDelay(last!) >= TimeSpan.FromSeconds(1), "RetryInfo is missing.");
    }

    [Fact]
    public async Task ReadsPastTheKeysBucketAreResourceExhaustedWithTheRetryDelayAndEachStreamMessageIsCharged()
    {
        await using var host = new GrpcApiHost(garnet.Store, new Dictionary<string, string?>
        {
            ["RateLimits:Reads:Permits"] = "1",
            ["RateLimits:Reads:Period"] = "00:01:00",
            ["RateLimits:Reads:Burst"] = "4",
        });
        var api = host.Client();

        // A batch costs its rows; one larger than the bucket can never pass, and waiting would not help.
        var tooLarge = new Rpc.ExtractBatchRequest { Requests = { Enumerable.Range(1, 5).Select(i => Item(i)) } };
        var larger = await Assert.ThrowsAsync<RpcException>(() => api.ExtractBatchAsync(tooLarge).ResponseAsync);
        Assert.Equal(StatusCode.ResourceExhausted, larger.StatusCode);
        Assert.Null(RetryDelay(larger));

        // An invalid call costs nothing; two rows, then two stream messages, spend the four tokens.
        await Assert.ThrowsAsync<RpcException>(() => api.ExtractAsync(new Rpc.ExtractRequest()).ResponseAsync);
        await api.ExtractBatchAsync(new Rpc.ExtractBatchRequest { Requests = { Item(1), Item(2) } });
        using var stream = api.ExtractStream();
        for (var i = 0; i < 3; i++)
        {
            await stream.RequestStream.WriteAsync(UserRequest(10 + i));
        }
        var answered = 0;
        var refused = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            await foreach (var _ in stream.ResponseStream.ReadAllAsync())
            {
                answered++;
            }
        });

        Assert.Equal(2, answered);
        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
        Assert.True(RetryDelay(refused) >= TimeSpan.FromSeconds(1), "RetryInfo is missing.");
        var unary = await Assert.ThrowsAsync<RpcException>(() => api.ExtractAsync(UserExtract).ResponseAsync);
        Assert.Equal(StatusCode.ResourceExhausted, unary.StatusCode);
        // Another key has its own bucket.
        Assert.Equal(30, (await host.Client(FeatureApiHost.ReaderKey).ExtractAsync(UserExtract)).Features["user_age"]);
    }

    [Fact]
    public async Task TheHealthServiceSaysServingWhenHealthIsHealthyOrDegradedAndNotServingWhenUnhealthy()
    {
        var state = HealthStatus.Healthy;
        await using var host = new GrpcApiHost(garnet.Store, configureServices: services =>
            services.AddHealthChecks().AddCheck("test-switch", () => new HealthCheckResult(state)));
        // Open, like /health.
        var health = new Health.HealthClient(host.Invoker(apiKey: null));
        using var anonymous = host.Json(apiKey: null);

        foreach (var (now, http, word, serving) in new[]
        {
            (HealthStatus.Healthy, HttpStatusCode.OK, "Healthy", HealthCheckResponse.Types.ServingStatus.Serving),
            (HealthStatus.Degraded, HttpStatusCode.OK, "Degraded", HealthCheckResponse.Types.ServingStatus.Serving),
            (HealthStatus.Unhealthy, HttpStatusCode.ServiceUnavailable, "Unhealthy", HealthCheckResponse.Types.ServingStatus.NotServing),
        })
        {
            state = now;
            using var response = await anonymous.GetAsync("/health");
            Assert.Equal(http, response.StatusCode);
            Assert.Equal(word, await response.Content.ReadAsStringAsync());
            Assert.Equal(serving, (await health.CheckAsync(new HealthCheckRequest())).Status);
            Assert.Equal(serving, (await health.CheckAsync(new HealthCheckRequest { Service = "featureaspire.v1.FeatureService" })).Status);
        }
    }

    [Fact]
    public async Task ReflectionDescribesTheServiceInDevelopmentAndIsAbsentInProduction()
    {
        await using (var development = new GrpcApiHost(garnet.Store))
        {
            var services = await ListServicesAsync(development.Invoker());
            Assert.Contains("featureaspire.v1.FeatureService", services);
            Assert.Contains("grpc.health.v1.Health", services);
        }

        await using var production = new GrpcApiHost(garnet.Store, environment: "Production");
        var absent = await Assert.ThrowsAsync<RpcException>(() => ListServicesAsync(production.Invoker()));
        Assert.Equal(StatusCode.Unimplemented, absent.StatusCode);
        // The service itself is there.
        Assert.Equal(30, (await production.Client().ExtractAsync(UserExtract)).Features["user_age"]);
    }

    private static async Task<List<string>> ListServicesAsync(CallInvoker invoker)
    {
        using var call = new ServerReflection.ServerReflectionClient(invoker).ServerReflectionInfo();
        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        return [.. call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name)];
    }

    private static Rpc.ExtractRequest UserRequest(long user) => new()
    {
        Entities = { ["user"] = new Rpc.EntityKey { IntKey = user } },
        Request = { ["current_value"] = 1 },
        Features = { "user_age" },
    };

    private static Rpc.ExtractBatchItem Item(long user) => new()
    {
        Entities = { ["user"] = new Rpc.EntityKey { IntKey = user } },
        Request = { ["current_value"] = 1 },
    };
}
