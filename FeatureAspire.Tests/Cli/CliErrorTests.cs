using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using FeatureAspire.Cli;
using FeatureAspire.Cli.Output;
using FeatureAspire.Client;
using FeatureAspire.Tests.Infrastructure;
using Spectre.Console.Testing;

namespace FeatureAspire.Tests.Cli;

/// <summary>
/// How <c>featureaspire</c> fails: the scope a key lacks, a key it never prints, the address that did not answer, the
/// options over the environment, and FeatureApi's 422 with the plan's breaking lines.
/// </summary>
public sealed class CliErrorTests(RedisStoreFixture redis) : CliTests(redis)
{
    [RequiresRedisServerFact]
    public async Task AKeyWithoutRegistryWriteIsToldThatApplyNeedsIt()
    {
        await using var host = await FreshFeatureApiAsync();
        using var api = host.CreateClient();
        var file = Files.Write("features.yaml", RepositoryFiles.WithAddedFeature);

        var result = await FeatureAspireCli.RunAsync(FeatureAspireCli.UrlOf(host), FeatureApiHost.ReaderKey, ["apply", file, "--yes"]);

        Assert.Equal(ExitCodes.KeyRefused, result.ExitCode);
        Assert.Contains("The API key lacks the scope registry:write, which this needs (403).", result.Errors, StringComparison.Ordinal);
        Assert.Equal(1, await api.ServedVersionAsync());
    }

    [RequiresRedisServerFact]
    public async Task AKeyWithoutFeaturesReadIsToldThatHistoryNeedsIt()
    {
        await using var host = await FreshFeatureApiAsync();

        var result = await FeatureAspireCli.RunAsync(FeatureAspireCli.UrlOf(host), FeatureApiHost.WriterKey, ["history"]);

        Assert.Equal(ExitCodes.KeyRefused, result.ExitCode);
        Assert.Contains("The API key lacks the scope features:read, which this needs (403).", result.Errors, StringComparison.Ordinal);
    }

    [RequiresRedisServerFact]
    public async Task AnUnknownKeyIsRefusedWithoutBeingPrinted()
    {
        await using var host = await FreshFeatureApiAsync();
        const string unknown = "not-a-key-of-this-featureapi-0123";

        var result = await FeatureAspireCli.RunAsync(FeatureAspireCli.UrlOf(host), unknown, ["rollback", "1", "--yes"]);

        Assert.Equal(ExitCodes.KeyRefused, result.ExitCode);
        Assert.Contains("does not know the API key (401)", result.Errors, StringComparison.Ordinal);
        Assert.Contains("Pass a key with the scope features:read as --api-key or in FEATUREASPIRE_API_KEY.", result.Errors, StringComparison.Ordinal);
        Assert.DoesNotContain(unknown, result.Output + result.Errors, StringComparison.Ordinal);
    }

    [RequiresRedisServerFact]
    public async Task NoKeyAtAllIsSaidSo()
    {
        await using var host = await FreshFeatureApiAsync();
        var file = Files.Write("features.yaml", RepositoryFiles.WithAddedFeature);

        var result = await FeatureAspireCli.RunAsync(FeatureAspireCli.UrlOf(host), apiKey: null, ["plan", file]);

        Assert.Equal(ExitCodes.KeyRefused, result.ExitCode);
        Assert.Contains("No API key was given", result.Errors, StringComparison.Ordinal);
        Assert.Contains("a key with the scope registry:write", result.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAddressWhereNothingListensIsNamedWithConnectionRefused()
    {
        var url = $"http://127.0.0.1:{ClosedPort()}";

        var result = await FeatureAspireCli.RunAsync(url, FeatureApiHost.TestKey, ["status"]);

        Assert.Equal(ExitCodes.Unreachable, result.ExitCode);
        Assert.Contains($"Could not connect to FeatureApi at {url}/: connection refused.", result.Errors, StringComparison.Ordinal);
    }

    [RequiresRedisServerFact]
    public async Task TheOptionsTakePrecedenceOverTheEnvironment()
    {
        await using var host = await FreshFeatureApiAsync();
        var nowhere = $"http://127.0.0.1:{ClosedPort()}";

        var result = await FeatureAspireCli.RunAsync(nowhere, FeatureApiHost.WriterKey,
            ["status", "--url", FeatureAspireCli.UrlOf(host), "--api-key", FeatureApiHost.ReaderKey]);

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Contains("serves version 1", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void ARefusalForBreakingChangesListsThePlansLinesAndSuggestsForce()
    {
        // FeatureApi's 422 as it writes it; the CLI's apply checks for breaking changes first, so only a race reaches it.
        const string body = """
            {"type":"https://tools.ietf.org/html/rfc4918#section-11.2","title":"The document has breaking changes.","status":422,
             "detail":"1 added, 0 changed, 1 removed (1 breaking). feature f_click_trend: Requests naming f_click_trend are refused. Apply with ?force=true to accept them.",
             "plan":["Deleted feature f_click_trend (breaking)","  ! Requests naming f_click_trend are refused."]}
            """;
        var problem = JsonSerializer.Deserialize(body, FeatureApiJsonContext.Default.FeatureApiProblem);
        using var console = new TestConsole().Width(400);

        var exitCode = ErrorReport.Write(console, new FeatureApiException((HttpStatusCode)422, "refused", problem), connection: null);

        Assert.Equal(ExitCodes.NeedsForce, exitCode);

        var lines = console.Output.Split('\n').Select(l => l.TrimEnd()).ToList();
        Assert.Contains("Error: The document has breaking changes (422).", lines);
        Assert.Contains("Deleted feature f_click_trend (breaking)", lines);
        Assert.Contains("  ! Requests naming f_click_trend are refused.", lines);
        Assert.Contains("Pass --force to apply breaking changes.", lines);
    }

    [Fact]
    public void EachKindOfOutcomeHasAnExitCodeOfItsOwn()
    {
        var codes = typeof(ExitCodes).GetFields().Select(field => (int)field.GetRawConstantValue()!).ToList();

        Assert.Contains(ExitCodes.NeedsForce, codes);
        Assert.Equal(codes.Count, codes.Distinct().Count());
    }

    /// <summary>A loopback port that was free a moment ago and that nothing listens on now.</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
