using System.Diagnostics;
using FeatureAspire.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Trace;
using Rpc = FeatureAspire.Serving.V1;

namespace FeatureAspire.Tests.Telemetry;

/// <summary>A gRPC extract is traced stage by stage as a JSON one is, beneath the server span of its HTTP/2 request.</summary>
[Collection(nameof(TelemetryCollection))]
public sealed class GrpcTelemetryTests(GarnetStoreFixture garnet) : IClassFixture<GarnetStoreFixture>
{
    [Fact]
    public async Task AGrpcExtractIsOneTraceFromTheServerSpanThroughLookupAndCompute()
    {
        var spans = new List<Activity>();
        await using var host = new GrpcApiHost(garnet.Store, configureServices: services => services.AddOpenTelemetry()
            .WithTracing(tracing => tracing.AddInMemoryExporter(spans)));

        await host.Client().ExtractAsync(new Rpc.ExtractRequest
        {
            Entities = { ["user"] = new Rpc.EntityKey { IntKey = 5 } },
            Request = { ["current_value"] = 1 },
        });
        // The server span ends after the response's trailers are sent: wait for it (bounded).
        for (var wait = 0; wait < 50 && !spans.Any(s => s.Kind == ActivityKind.Server); wait++)
        {
            await Task.Delay(100);
            host.Host.Services.GetRequiredService<TracerProvider>().ForceFlush();
        }

        var extract = Assert.Single(spans, s => s.OperationName == "features.extract");
        var server = Assert.Single(spans, s => s.SpanId == extract.ParentSpanId);
        Assert.Equal(ActivityKind.Server, server.Kind);
        Assert.Equal("POST /featureaspire.v1.FeatureService/Extract", server.DisplayName);
        Assert.Equal("test", server.GetTagItem("featureapi.api_key.name"));
        Assert.Equal(["features.compute", "features.store.lookup"], spans.Where(s => s.ParentSpanId == extract.SpanId).Select(s => s.OperationName).Order());
    }
}
