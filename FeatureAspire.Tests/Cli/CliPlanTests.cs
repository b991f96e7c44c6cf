using FeatureAspire.Cli;
using FeatureAspire.Cli.Repository;
using FeatureAspire.Client;
using FeatureAspire.Tests.Infrastructure;
using FeatureAspire.Tests.Registry;
using Spectre.Console;
using Spectre.Console.Testing;

namespace FeatureAspire.Tests.Cli;

/// <summary>
/// <c>featureaspire plan</c> against a real FeatureApi on redis-server: exit 0 for no changes, 2 for changes (terraform's
/// -detailed-exitcode), 3 for an invalid document; feast-style lines with what breaks in red; an invalid document's fields listed.
/// </summary>
public sealed class CliPlanTests(RedisStoreFixture redis) : CliTests(redis)
{
    [RequiresRedisServerFact]
    public async Task PlanOfTheCurrentDocumentExitsZeroAndSaysSo()
    {
        await using var host = await FreshFeatureApiAsync();
        var file = Files.Write("features.yaml", FeatureApi.Definitions.DefaultRepository.Text);

        var result = await FeatureAspireCli.RunAsync(host, "plan", file);

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Contains("Plan against version 1 of", result.Output, StringComparison.Ordinal);
        Assert.Contains("No changes.", result.Output, StringComparison.Ordinal);
    }

    [RequiresRedisServerFact]
    public async Task PlanWithChangesExitsTwoPrintsEachChangeAndAppliesNothing()
    {
        await using var host = await FreshFeatureApiAsync();
        using var api = host.CreateClient();
        var file = Files.Write("features.yaml", TeamRepository.Yaml);

        var result = await FeatureAspireCli.RunAsync(host, "plan", file);

        Assert.True(result.ExitCode == ExitCodes.Changes, result.ToString());
        var lines = Lines(result.Output);
        Assert.Contains("Created entity item", lines);
        Assert.Contains("Created feature item_price", lines);
        Assert.Contains("Deleted feature f_click_trend (breaking)", lines);
        Assert.Contains("  ! Requests naming f_click_trend are refused.", lines);
        Assert.Contains("  features: [f_normalized_value, f_recency_score, f_age_value_ratio] -> [price_per_year]", lines);
        Assert.Contains(lines, l => l.Contains("apply refuses them without --force", StringComparison.Ordinal));
        Assert.Equal(1, await api.ServedVersionAsync());
    }

    [RequiresRedisServerFact]
    public async Task BreakingChangesArePrintedInRedWithTheirConsequenceAndAdditionsInGreen()
    {
        await using var host = await FreshFeatureApiAsync();
        var file = Files.Write("features.yaml", TeamRepository.Yaml);
        var red = AnsiPrefix(Color.Red);
        var green = AnsiPrefix(Color.Green);

        var result = await FeatureAspireCli.RunAsync(FeatureAspireCli.UrlOf(host), FeatureApiHost.TestKey, ["plan", file],
            wrapOutput: console => Coloured(console));

        Assert.Equal(ExitCodes.Changes, result.ExitCode);
        Assert.Contains(red + "Deleted feature f_click_trend (breaking)", result.Output, StringComparison.Ordinal);
        Assert.Contains(red + "  ! Requests naming f_click_trend are refused.", result.Output, StringComparison.Ordinal);
        Assert.Contains(green + "Created entity item", result.Output, StringComparison.Ordinal);
    }

    [RequiresRedisServerFact]
    public async Task AnInvalidDocumentExitsThreeAndListsEachFieldWithItsPath()
    {
        await using var host = await FreshFeatureApiAsync();
        var invalid = TeamRepository.Yaml
            .Replace("item_views_1h >= 3", "item_view_1h >= 3", StringComparison.Ordinal)
            .Replace("    window: 1h\n", "    window: 1 hour\n", StringComparison.Ordinal);
        var file = Files.Write("features.yaml", invalid);

        var result = await FeatureAspireCli.RunAsync(host, "plan", file);

        Assert.True(result.ExitCode == ExitCodes.InvalidDocument, result.ToString());
        Assert.Contains("Error: ", result.Errors, StringComparison.Ordinal);
        var errors = Lines(result.Errors);
        Assert.Contains(errors, l => l.StartsWith("  features[5].expression: ", StringComparison.Ordinal) && l.Contains("item_view_1h", StringComparison.Ordinal));
        Assert.Contains(errors, l => l.StartsWith("  features[2].window: ", StringComparison.Ordinal));
        Assert.Empty(result.Output);
    }

    [RequiresRedisServerFact]
    public async Task AYamlMistakeIsNamedByItsLineAndColumn()
    {
        await using var host = await FreshFeatureApiAsync();
        var lines = Lines(TeamRepository.Yaml);
        var misspelt = lines.FindIndex(l => l == "    window: 1h");
        lines[misspelt] = "    windw: 1h";
        var file = Files.Write("features.yaml", string.Join('\n', lines));

        var result = await FeatureAspireCli.RunAsync(host, "plan", file);

        Assert.True(result.ExitCode == ExitCodes.InvalidDocument, result.ToString());
        Assert.Contains(Lines(result.Errors), l => l.StartsWith("  document: ", StringComparison.Ordinal)
            && l.Contains("windw", StringComparison.Ordinal) && l.Contains($"(line {misspelt + 1}, column 5)", StringComparison.Ordinal));
    }

    [RequiresRedisServerFact]
    public async Task AJsonFileIsPlannedAsJson()
    {
        await using var host = await FreshFeatureApiAsync();
        var file = Files.Write("features.json",
            "{\t\"entities\":[{\"name\":\"user\",\"key\":\"int64\"}],\n\t\"features\":[{\"name\":\"user_age\",\"source\":\"stored\",\"entity\":\"user\",\"type\":\"int\",\"default\":30}]}");

        var result = await FeatureAspireCli.RunAsync(host, "plan", file);

        Assert.True(result.ExitCode == ExitCodes.Changes, result.ToString());
        Assert.Contains("Deleted feature f_click_trend (breaking)", Lines(result.Output));
    }

    [Theory]
    [InlineData("features.yaml", RepositoryMediaType.Yaml)]
    [InlineData("features.yml", RepositoryMediaType.Yaml)]
    [InlineData("features.json", RepositoryMediaType.Json)]
    [InlineData("FEATURES.JSON", RepositoryMediaType.Json)]
    public async Task TheFilesExtensionSaysWhichMediaTypeFeatureApiIsTold(string name, string mediaType)
    {
        // FeatureApi reads JSON with its YAML reader, so only the Content-Type the CLI sends shows which it was told.
        var file = Files.Write(name, "{}");

        var document = await RepositoryFile.ReadAsync(new FileInfo(file), CancellationToken.None);

        Assert.Equal(mediaType, document.MediaType);
    }

    [Fact]
    public async Task AFileOfAnotherKindIsRefusedBeforeFeatureApiIsCalled()
    {
        var file = Files.Write("features.txt", TeamRepository.Yaml);

        // No FeatureApi listens at this address: a call would fail otherwise.
        var result = await FeatureAspireCli.RunAsync("http://127.0.0.1:9", FeatureApiHost.TestKey, ["plan", file]);

        Assert.Equal(ExitCodes.Failure, result.ExitCode);
        Assert.Contains("is neither YAML (.yaml, .yml) nor JSON (.json)", result.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMissingFileIsNamed()
    {
        var missing = Files.PathOf("nowhere.yaml");

        var result = await FeatureAspireCli.RunAsync("http://127.0.0.1:9", FeatureApiHost.TestKey, ["plan", missing]);

        Assert.Equal(ExitCodes.Failure, result.ExitCode);
        Assert.Contains($"There is no file {missing}.", result.Errors, StringComparison.Ordinal);
    }

    private static List<string> Lines(string text) => [.. text.Split('\n').Select(l => l.TrimEnd('\r'))];

    private static TestConsole Coloured(TestConsole console) => console.EmitAnsiSequences().Colors(ColorSystem.TrueColor);

    /// <summary>The escape sequence a coloured console starts text of <paramref name="colour"/> with.</summary>
    private static string AnsiPrefix(Color colour)
    {
        using var probe = Coloured(new TestConsole());
        probe.Write(new Text("X", new Style(colour)));
        return probe.Output[..probe.Output.IndexOf('X', StringComparison.Ordinal)];
    }
}
