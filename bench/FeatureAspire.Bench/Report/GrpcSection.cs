using System.Text;
using FeatureAspire.Bench.Grpc;
using FeatureAspire.Bench.Suite;
using static FeatureAspire.Bench.Report.Invariant;

namespace FeatureAspire.Bench.Report;

/// <summary>
/// The gRPC scenarios side by side with the JSON extract of the same slices, where the time goes against the gRPC
/// ceiling, and each h2load slice's HTTP 200s beside FeatureApi's own count of OK answers.
/// </summary>
internal static class GrpcSection
{
    public static string Render(StoreRun run, int connections)
    {
        if (!run.Scenarios.Any(s => s.Group == GrpcScenarios.Group))
        {
            return "";
        }
        var md = new StringBuilder();
        md.AppendLine("## gRPC");
        md.AppendLine();
        md.AppendLine(F($"FeatureService on FeatureApi's cleartext HTTP/2 endpoint. Ours: Grpc.Net.Client, one channel (one HTTP/2 connection), N unary calls in flight, or streams each keeping {GrpcLoad.StreamWindow} messages in flight (FeatureApi works on {GrpcLoad.StreamWindow} of a stream's messages at once); the JSON extract beside it on N HTTP/1.1 connections, alternating slice by slice. ") +
            F($"The gRPC ceiling (`{GrpcCalls.ConstantMethod}`, served only with Benchmarks:Enabled) answers a constant vector: what HTTP/2, gRPC framing and protobuf cost without the pipeline. ") +
            F($"h2load sends one pre-framed body (user {GrpcScenarios.H2LoadUser}) on one connection with N streams, so wrk's JSON reference in its group asks for user {GrpcScenarios.H2LoadUser} too."));
        md.AppendLine();
        md.AppendLine("| Ratio | ours | h2load / wrk |");
        md.AppendLine("| --- | --- | --- |");
        foreach (var n in new[] { 1, connections })
        {
            var streams = n == 1 ? 1 : GrpcScenarios.ManyStreams;
            Row(md, run, F($"gRPC Extract ÷ JSON extract, req/s at {n}"), F($"grpc-c{n}"), F($"grpc-json-c{n}"), m => m.RequestsPerSecond);
            Row(md, run, F($"gRPC Extract ÷ JSON extract, p99 at {n}"), F($"grpc-c{n}"), F($"grpc-json-c{n}"), m => m.P99Ms);
            Row(md, run, F($"gRPC Extract ÷ gRPC ceiling, req/s at {n}"), F($"grpc-c{n}"), F($"grpcceiling-c{n}"), m => m.RequestsPerSecond);
            Row(md, run, F($"gRPC ceiling ÷ JSON extract, req/s at {n}"), F($"grpcceiling-c{n}"), F($"grpc-json-c{n}"), m => m.RequestsPerSecond);
            Row(md, run, F($"ExtractStream on {streams} stream(s) ÷ JSON extract, answers/s vs req/s at {n}"), F($"grpcstream-s{streams}"), F($"grpc-json-c{n}"), m => m.RequestsPerSecond);
            Row(md, run, F($"gRPC ceiling ÷ HTTP ceiling (measured at the run's start), req/s at {n}"), F($"grpcceiling-c{n}"), F($"ceiling-c{n}"), m => m.RequestsPerSecond);
        }
        md.AppendLine();

        if (run.H2LoadChecks.Count > 0)
        {
            md.AppendLine("h2load counts an HTTP 200 for every gRPC call, failed or not (the status is in the trailers), and cannot read the answer, so each slice is checked against FeatureApi's own count (`GET /bench/grpc/answers`, read before and after): every 200 was an answer when the server ended no call with an error and answered OK at least as often. Calls still in flight when h2load stops are answered by the server but not counted by h2load.");
            md.AppendLine();
            md.AppendLine("| Scenario | slices | h2load HTTP 200 | server OK | server failed | server degraded | every 200 an OK answer |");
            md.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | --- |");
            foreach (var checks in run.H2LoadChecks.GroupBy(check => check.Id))
            {
                var ok = checks.Sum(c => c.Server.Ok);
                md.AppendLine(F($"| `{checks.Key}` | {checks.Count()} | {checks.Sum(c => c.Http200):N0} | {ok:N0} | {checks.Sum(c => c.Server.Failed):N0} | {checks.Sum(c => c.Server.Degraded):N0} | {(checks.All(c => c.Honest) ? "yes" : "**no**")} |"));
            }
            md.AppendLine();
        }
        return md.ToString();
    }

    private static void Row(StringBuilder md, StoreRun run, string name, string a, string b, Func<Measure, double> value)
    {
        string Of(Generator generator) =>
            Measure.Of(run, a, generator) is { } x && Measure.Of(run, b, generator) is { } y
                ? F($"{value(x) / value(y):0.00} ({Target.Number(value(x))} / {Target.Number(value(y))})")
                : "-";
        md.AppendLine($"| {name} | {Of(Generator.Own)} | {Of(Generator.Wrk)} |");
    }
}
