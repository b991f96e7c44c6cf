using System.Net;
using FeatureApi.GrpcApi;
using Grpc.Core;
using Bench = FeatureAspire.Bench.V1;
using Rpc = FeatureAspire.Serving.V1;

namespace FeatureApi.Benchmarks;

/// <summary>
/// The gRPC ceiling (<c>featureaspire.bench.v1.BenchService/Constant</c>): a one-user answer of the default set, the
/// same message every call, with no store, no pipeline and no validation, charged one read as <c>/bench/constant</c>
/// is. Whatever FeatureService.Extract costs beyond it is the pipeline's; it is what HTTP/2, gRPC and protobuf cost.
/// </summary>
internal sealed class ConstantGrpcService : Bench.BenchService.BenchServiceBase
{
    /// <summary>The values <see cref="ConstantVector"/> writes as JSON, as FeatureService answers them.</summary>
    private static readonly Rpc.FeatureVector Answer = new()
    {
        Entities = { ["user"] = new Rpc.EntityKey { IntKey = 101 } },
        Features = { ["f_normalized_value"] = 1.2, ["f_recency_score"] = 0.07407407407407407, ["f_age_value_ratio"] = 4200 },
        Status =
        {
            ["f_normalized_value"] = Rpc.FeatureStatus.Present,
            ["f_recency_score"] = Rpc.FeatureStatus.Present,
            ["f_age_value_ratio"] = Rpc.FeatureStatus.Present,
        },
        RegistryVersion = 1,
    };

    public override Task<Rpc.FeatureVector> Constant(Rpc.ExtractRequest request, ServerCallContext context)
    {
        // As the /bench routes do for another machine: as if benchmarks were off.
        if (context.GetHttpContext().Connection.RemoteIpAddress is not { } caller || !IPAddress.IsLoopback(caller))
        {
            throw new RpcException(new Status(StatusCode.Unimplemented, "Unknown service."));
        }
        GrpcRequestChecks.ChargeReads(context, 1);
        return Task.FromResult(Answer);
    }
}
