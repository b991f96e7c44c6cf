using FeatureAspire.Cli;
using FeatureAspire.Tests.Infrastructure;
using FeatureAspire.Tests.Registry;

namespace FeatureAspire.Tests.Cli;

/// <summary>
/// <c>featureaspire apply</c> against a real FeatureApi on redis-server: it plans, shows the plan, asks (or takes --yes, which
/// CI must give), applies against the version it planned against, and explains a conflict or a breaking change.
/// </summary>
public sealed class CliApplyTests(RedisStoreFixture redis) : CliTests(redis)
{
    [RequiresRedisServerFact]
    public async Task ApplyWithYesStoresTheDocumentAsTheNextVersion()
    {
        await using var host = await FreshFeatureApiAsync();
        using var api = host.CreateClient();
        var file = Files.Write("features.yaml", RepositoryFiles.WithAddedFeature);

        var result = await FeatureAspireCli.RunAsync(host, "apply", file, "--yes");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Contains("Created feature f_double_age", result.Output, StringComparison.Ordinal);
        Assert.Contains("Applied version 2: 1 added, 0 changed, 0 removed.", result.Output, StringComparison.Ordinal);
        Assert.Equal(2, await api.ServedVersionAsync());
    }

    [RequiresRedisServerFact]
    public async Task ApplyAsksFirstAndAppliesWhenThePersonSaysYes()
    {
        await using var host = await FreshFeatureApiAsync();
        using var api = host.CreateClient();
        var file = Files.Write("features.yaml", RepositoryFiles.WithAddedFeature);

        var result = await FeatureAspireCli.RunAsync(FeatureAspireCli.UrlOf(host), FeatureApiHost.TestKey, ["apply", file], answer: "y");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Contains("Apply this plan as version 2?", result.Output, StringComparison.Ordinal);
        Assert.Equal(2, await api.ServedVersionAsync());
    }

    [RequiresRedisServerFact]
    public async Task ApplyChangesNothingWhenThePersonSaysNo()
    {
        await using var host = await FreshFeatureApiAsync();
        using var api = host.CreateClient();
        var file = Files.Write("features.yaml", RepositoryFiles.WithAddedFeature);

        var result = await FeatureAspireCli.RunAsync(FeatureAspireCli.UrlOf(host), FeatureApiHost.TestKey, ["apply", file], answer: "n");

        Assert.Equal(ExitCodes.Failure, result.ExitCode);
        Assert.Contains("Apply cancelled: nothing changed.", result.Output, StringComparison.Ordinal);
        Assert.Equal(1, await api.ServedVersionAsync());
    }

    [RequiresRedisServerFact]
    public async Task ApplyWithoutATerminalNeedsYesAndChangesNothing()
    {
        await using var host = await FreshFeatureApiAsync();
        using var api = host.CreateClient();
        var file = Files.Write("features.yaml", RepositoryFiles.WithAddedFeature);

        var result = await FeatureAspireCli.RunAsync(host, "apply", file);

        Assert.Equal(ExitCodes.Failure, result.ExitCode);
        Assert.Contains("pass --yes", result.Errors, StringComparison.Ordinal);
        Assert.Equal(1, await api.ServedVersionAsync());
    }

    [RequiresRedisServerFact]
    public async Task BreakingChangesWithoutForceAreExplainedAndNotApplied()
    {
        await using var host = await FreshFeatureApiAsync();
        using var api = host.CreateClient();
        var file = Files.Write("features.yaml", TeamRepository.Yaml);

        var result = await FeatureAspireCli.RunAsync(host, "apply", file, "--yes");

        Assert.Equal(ExitCodes.NeedsForce, result.ExitCode);
        Assert.Contains("Deleted feature f_click_trend (breaking)", result.Output, StringComparison.Ordinal);
        Assert.Contains("FeatureApi refuses them without --force", result.Errors, StringComparison.Ordinal);
        Assert.Equal(1, await api.ServedVersionAsync());
    }

    [RequiresRedisServerFact]
    public async Task BreakingChangesWithForceAreApplied()
    {
        await using var host = await FreshFeatureApiAsync();
        using var api = host.CreateClient();
        var file = Files.Write("features.yaml", TeamRepository.Yaml);

        var result = await FeatureAspireCli.RunAsync(host, "apply", file, "--force", "--yes");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Contains("Applied version 2:", result.Output, StringComparison.Ordinal);
        Assert.Equal(2, await api.ServedVersionAsync());
    }

    [RequiresRedisServerFact]
    public async Task AnApplyOvertakenWhileThePersonReadsThePlanIsAConflictNamingTheCurrentVersion()
    {
        await using var host = await FreshFeatureApiAsync();
        using var api = host.CreateClient();
        var file = Files.Write("features.yaml", RepositoryFiles.WithAddedFeature);

        var result = await FeatureAspireCli.RunAsync(FeatureAspireCli.UrlOf(host), FeatureApiHost.TestKey, ["apply", file], answer: "y",
            wrapOutput: console => new InterruptedConsole(console, () => api.ApplyAsync(TeamRepository.Yaml)));

        Assert.Equal(ExitCodes.Conflict, result.ExitCode);
        Assert.Contains("Error: Another version was applied first (409).", result.Errors, StringComparison.Ordinal);
        Assert.Contains("The store is at version 2", result.Errors, StringComparison.Ordinal);
        Assert.Equal(2, await api.ServedVersionAsync());
        Assert.Contains("item_price", await api.GetStringAsync("/api/registry"), StringComparison.Ordinal);
    }

    [RequiresRedisServerFact]
    public async Task AnExpectedVersionThatIsNoLongerCurrentIsRefusedBeforeAsking()
    {
        await using var host = await FreshFeatureApiAsync();
        using var api = host.CreateClient();
        await api.ApplyAsync(TeamRepository.Yaml);
        var file = Files.Write("features.yaml", RepositoryFiles.WithAddedFeature);

        var result = await FeatureAspireCli.RunAsync(host, "apply", file, "--expect-version", "1", "--force", "--yes");

        Assert.Equal(ExitCodes.Conflict, result.ExitCode);
        Assert.Contains("The store is at version 2, not 1 (--expect-version)", result.Errors, StringComparison.Ordinal);
        Assert.Equal(2, await api.ServedVersionAsync());
    }

    [RequiresRedisServerFact]
    public async Task ADocumentWithoutChangesIsNotAppliedAgain()
    {
        await using var host = await FreshFeatureApiAsync();
        using var api = host.CreateClient();
        var file = Files.Write("features.yaml", FeatureApi.Definitions.DefaultRepository.Text);

        var result = await FeatureAspireCli.RunAsync(host, "apply", file, "--expect-version", "1");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Contains("Nothing to apply: version 1 stays.", result.Output, StringComparison.Ordinal);
        Assert.Equal(1, await api.ServedVersionAsync());
    }
}
