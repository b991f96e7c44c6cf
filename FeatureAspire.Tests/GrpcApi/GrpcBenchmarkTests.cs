using System.Net;
using System.Text.Json;
using FeatureAspire.Tests.Infrastructure;
using Grpc.Core;
using BenchRpc = FeatureAspire.Bench.V1;
using Rpc = FeatureAspire.Serving.V1;

namespace FeatureAspire.Tests.GrpcApi;

/// <summary>
/// bench/run's gRPC pieces: the constant ceiling and the server's count of gRPC answers, which h2load's HTTP 200s are
/// checked against. Neither exists without Benchmarks:Enabled.
/// </summary>
public sealed class GrpcBenchmarkTests(GarnetStoreFixture garnet) : IClassFixture<GarnetStoreFixture>
{
    private static readonly Rpc.ExtractRequest Extract = new()
    {
        Entities = { ["user"] = new Rpc.EntityKey { IntKey = 7 } },
        Request = { ["current_value"] = 1 },
    };

    [Fact]
    public async Task TheGrpcCeilingAndTheAnswerCountDoNotExistWithoutTheBenchmarkFlag()
    {
        await using var host = new GrpcApiHost(garnet.Store);

        var ceiling = await Assert.ThrowsAsync<RpcException>(() => new BenchRpc.BenchService.BenchServiceClient(host.Invoker()).ConstantAsync(Extract).ResponseAsync);
        using var answers = await host.Http.GetAsync("/bench/grpc/answers");

        Assert.Equal(StatusCode.Unimplemented, ceiling.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, answers.StatusCode);
    }

    [Fact]
    public async Task TheServerCountsEachMethodsOkAndFailedAnswersAndTheCeilingAnswersAConstantVector()
    {
        await using var host = new GrpcApiHost(garnet.Store, new Dictionary<string, string?> { ["Benchmarks:Enabled"] = "true" });
        var client = host.Client();
        var ceiling = new BenchRpc.BenchService.BenchServiceClient(host.Invoker());

        await client.ExtractAsync(Extract);
        await client.ExtractAsync(Extract);
        var invalid = new Rpc.ExtractRequest(Extract) { Features = { "no_such_feature" } };
        await Assert.ThrowsAsync<RpcException>(() => client.ExtractAsync(invalid).ResponseAsync);
        var constant = await ceiling.ConstantAsync(Extract);
        using var answers = JsonDocument.Parse(await host.Http.GetStringAsync("/bench/grpc/answers"));

        var extract = answers.RootElement.GetProperty("/featureaspire.v1.FeatureService/Extract");
        Assert.Equal(2, extract.GetProperty("ok").GetInt64());
        Assert.Equal(1, extract.GetProperty("failed").GetInt64());
        Assert.Equal(0, extract.GetProperty("degraded").GetInt64());
        Assert.Equal(1, answers.RootElement.GetProperty("/featureaspire.bench.v1.BenchService/Constant").GetProperty("ok").GetInt64());
        Assert.Equal(["f_age_value_ratio", "f_normalized_value", "f_recency_score"], constant.Features.Keys.Order());
        Assert.False(constant.Degraded);
    }
}
