using System.Diagnostics;
using FeatureAspire.Tests.Infrastructure;

namespace FeatureAspire.Tests.GrpcApi;

/// <summary>
/// samples/python, run as a process against a live FeatureApi's grpc endpoint: it generates its stubs from protos/ and
/// calls every RPC, so a schema Python cannot compile or a call it cannot make fails here. Skipped, with the reason,
/// where Debian's python3-grpcio and python3-grpc-tools are missing; .ci/run installs them.
/// </summary>
public sealed class PythonSampleTests(GarnetStoreFixture garnet) : IClassFixture<GarnetStoreFixture>
{
    /// <summary>Debian's interpreter, where apt puts python3-grpcio (another python3 on PATH may not see it).</summary>
    private const string Python = "/usr/bin/python3";

    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    private static readonly Lazy<string?> Missing = new(() =>
        Run(Python, ["-c", "import grpc, grpc_tools.protoc"]).GetAwaiter().GetResult().ExitCode == 0
            ? null
            : "Debian's python3-grpcio and python3-grpc-tools are not installed (apt-get install python3-grpcio python3-grpc-tools); .ci/run installs them.");

    [SkippableFact]
    public async Task ThePythonSampleCallsEveryRpcAgainstALiveFeatureApi()
    {
        Skip.If(Missing.Value is not null, Missing.Value);
        await using var host = new GrpcApiHost(garnet.Store);
        var user = ApiFixture.NewUserId();
        await host.Http.SeedAsync(user, new { user_age = 35, last_7d_clicks = 4.0 });
        await host.Http.SeedAsync(user + 2, new { user_age = 61 });

        var (exitCode, output) = await Run(Python, [Path.Combine(RepositoryRoot.Path, "samples", "python", "featureaspire_sample.py"),
            "--target", $"{host.GrpcAddress.Host}:{host.GrpcAddress.Port}", "--api-key", FeatureApiHost.ReaderKey, "--user", $"{user}"]);

        Assert.True(exitCode == 0, $"The sample exited {exitCode}:\n{output}");
        Assert.Contains($"Extract: user {user} degraded=False f_age_value_ratio=4200 (present)", output, StringComparison.Ordinal);
        Assert.Contains($"ExtractBatch: user {user} user_age=35 (present), user {user + 1} user_age=30 (default), user {user + 2} user_age=61 (present)",
            output, StringComparison.Ordinal);
        Assert.Contains("ExtractStream: 100 answers in request order, 0 degraded", output, StringComparison.Ordinal);
        Assert.Contains($"ExtractCandidates: user {user + 2} f_age_value_ratio=7320 (present) user_age=61 (present), user {user}", output, StringComparison.Ordinal);
        Assert.Contains("Invalid Extract: INVALID_ARGUMENT: features[0]: Unknown feature 'no_such_feature'", output, StringComparison.Ordinal);
        Assert.EndsWith("All calls answered.", output.TrimEnd(), StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Output)> Run(string program, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return (-1, $"{program} is not there.");
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var patience = new CancellationTokenSource(Patience);
            try
            {
                await process.WaitForExitAsync(patience.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{program} ran past {Patience}.");
            }
            return (process.ExitCode, await stdout + await stderr);
        }
    }
}
