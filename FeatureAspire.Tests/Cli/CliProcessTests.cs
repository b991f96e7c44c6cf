using System.Diagnostics;
using FeatureAspire.Cli;
using FeatureAspire.Tests.Infrastructure;
using FeatureAspire.Tests.Registry;

namespace FeatureAspire.Tests.Cli;

/// <summary>
/// The built <c>featureaspire</c> run as CI runs it: its own process, standard input and output redirected, the
/// environment naming FeatureApi and its key, against a real FeatureApi on redis-server. What the in-process tests
/// cannot show: that the process's exit code is the command's and that a redirected standard input is not taken for a
/// person who could answer.
/// </summary>
public sealed class CliProcessTests(RedisStoreFixture redis) : CliTests(redis)
{
    [RequiresRedisServerFact]
    public async Task PlanInCiExitsTwoForChangesAndPrintsThemUnwrapped()
    {
        await using var host = await FreshFeatureApiAsync();
        var file = Files.Write("features.yaml", TeamRepository.Yaml);

        var result = await RunAsync(host, FeatureApiHost.TestKey, "plan", file);

        Assert.True(result.ExitCode == ExitCodes.Changes, result.ToString());
        Assert.Contains("  features: [f_normalized_value, f_recency_score, f_age_value_ratio] -> [price_per_year]", result.Output, StringComparison.Ordinal);
    }

    [RequiresRedisServerFact]
    public async Task ApplyInCiWithoutYesAsksNobodyAndChangesNothing()
    {
        await using var host = await FreshFeatureApiAsync();
        using var api = host.CreateClient();
        var file = Files.Write("features.yaml", RepositoryFiles.WithAddedFeature);

        var result = await RunAsync(host, FeatureApiHost.TestKey, "apply", file);

        Assert.True(result.ExitCode == ExitCodes.Failure, result.ToString());
        Assert.Contains("pass --yes", result.Errors, StringComparison.Ordinal);
        Assert.Equal(1, await api.ServedVersionAsync());
    }

    [RequiresRedisServerFact]
    public async Task AWrongKeyExitsWithItsOwnCode()
    {
        await using var host = await FreshFeatureApiAsync();

        var result = await RunAsync(host, "not-a-key-of-this-featureapi-0123", "status");

        Assert.True(result.ExitCode == ExitCodes.KeyRefused, result.ToString());
        Assert.Contains("does not know the API key (401)", result.Errors, StringComparison.Ordinal);
    }

    /// <summary>Runs the built tool with <c>dotnet featureaspire.dll</c>, standard input closed at once, as a CI step.</summary>
    private static async Task<CliResult> RunAsync(FeatureApiHost host, string apiKey, params string[] args)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "featureaspire.dll"));
        foreach (var argument in args)
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["FEATUREASPIRE_URL"] = FeatureAspireCli.UrlOf(host);
        start.Environment["FEATUREASPIRE_API_KEY"] = apiKey;
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        return new CliResult(process.ExitCode, await output, await errors);
    }
}
