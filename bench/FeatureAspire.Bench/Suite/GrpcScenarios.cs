using FeatureAspire.Bench.Grpc;
using FeatureAspire.Bench.Http;
using FeatureAspire.Bench.Load;
using FeatureAspire.Bench.Processes;

namespace FeatureAspire.Bench.Suite;

/// <summary>
/// FeatureService over gRPC against the JSON extract (issue 21): unary Extract at 1 and N concurrent calls on one
/// HTTP/2 connection, ExtractStream on 1 and <see cref="ManyStreams"/> streams, and the gRPC ceiling (a constant
/// answer), each alternating slice by slice with the JSON extract on 1 and N HTTP/1.1 connections. Then h2load's
/// unary calls against wrk's JSON extract, both asking for one user (h2load sends one pre-framed body), each h2load
/// slice checked against FeatureApi's own count of OK answers.
/// </summary>
internal sealed class GrpcScenarios(BenchOptions options, BenchPaths paths, StoreRun run, ScenarioRunner measure)
{
    public const string Group = "11 gRPC";

    /// <summary>The "1 and 8 streams": the many-stream case runs beside the JSON extract at N connections.</summary>
    public const int ManyStreams = 8;

    /// <summary>The user h2load's one body asks for, and so the user wrk's JSON reference asks for in the same group.</summary>
    public const long H2LoadUser = 1;

    public async Task RunAsync(FeatureApiServer api, CancellationToken cancellationToken)
    {
        var address = api.GrpcAddress;
        var calls = GrpcCalls.Extract(options.Users);
        var json = new FeatureRequests(api.Host).Extract(options.Users);
        foreach (var n in new[] { 1, options.Connections })
        {
            var streams = n == 1 ? 1 : ManyStreams;
            await measure.ComparedAsync(cancellationToken,
                new($"grpc-json-c{n}", Group, $"JSON extract (HTTP/1.1), known users, {n} conn", api, json, n),
                new($"grpc-c{n}", Group, $"gRPC Extract, known users, {n} concurrent call(s) on one HTTP/2 connection", api,
                    (warmup, duration, token) => GrpcLoad.ExtractAsync(address, calls, n, warmup, duration, token)),
                new($"grpcceiling-c{n}", Group, $"gRPC ceiling (constant answer), {n} concurrent call(s) on one HTTP/2 connection", api,
                    (warmup, duration, token) => GrpcLoad.ConstantAsync(address, calls, n, warmup, duration, token)),
                new($"grpcstream-s{streams}", Group, $"gRPC ExtractStream, known users, {streams} stream(s) of {GrpcLoad.StreamWindow} in flight, answers", api,
                    (warmup, duration, token) => GrpcLoad.StreamAsync(address, calls, streams, warmup, duration, token)));
        }
        await H2LoadAsync(api, cancellationToken);
    }

    private async Task H2LoadAsync(FeatureApiServer api, CancellationToken cancellationToken)
    {
        if (!H2Load.IsInstalled)
        {
            run.Notes.Add("h2load is not installed (apt-get install nghttp2-client): the gRPC scenarios have our generator's numbers only.");
            return;
        }
        var body = Path.Combine(paths.LogDirectory, $"grpc-extract-user{H2LoadUser}.bin");
        await File.WriteAllBytesAsync(body, GrpcCalls.Framed(GrpcCalls.Of(H2LoadUser, 42.0)), cancellationToken);
        WrkRequests oneUser = new(FeatureRequests.ExtractPath, Users: H2LoadUser);
        WrkCompared H2(string id, string method, int concurrent) => new(id, async slice =>
        {
            var (result, check) = await H2Load.RunAsync(id, api, method, body, concurrent, slice.Duration, slice.LogPath("h2load"), slice.CancellationToken);
            run.H2LoadChecks.Add(check);
            return result;
        });
        await measure.WrkComparedAsync(api,
            [.. new[] { 1, options.Connections }.Select(n => new WrkCompared[]
            {
                new($"grpc-json-c{n}", oneUser, n), H2($"grpc-c{n}", GrpcCalls.ExtractMethod, n), H2($"grpcceiling-c{n}", GrpcCalls.ConstantMethod, n),
            })],
            cancellationToken);
    }
}
