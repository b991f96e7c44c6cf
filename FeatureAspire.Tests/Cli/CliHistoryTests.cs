using System.Net.Http.Json;
using System.Text.Json;
using FeatureAspire.Cli;
using FeatureAspire.Tests.Infrastructure;
using FeatureAspire.Tests.Registry;

namespace FeatureAspire.Tests.Cli;

/// <summary>
/// <c>featureaspire history</c>, <c>rollback</c>, <c>status</c> and <c>get</c> against a real FeatureApi on redis-server: the
/// versions as a table, a rollback that restores an earlier document, the version served, the document to start a git file from.
/// </summary>
public sealed class CliHistoryTests(RedisStoreFixture redis) : CliTests(redis)
{
    [RequiresRedisServerFact]
    public async Task HistoryIsATableOfVersionsNewestFirstWithWhoAppliedThemAndWhatTheyRollBack()
    {
        await using var host = await FreshFeatureApiAsync();
        using var api = host.CreateClient();
        await api.ApplyAsync(TeamRepository.Yaml);
        using (var rollback = await api.PostAsync("/api/registry/rollback/1", content: null))
        {
            rollback.EnsureSuccessStatusCode();
        }

        var result = await FeatureAspireCli.RunAsync(host, "history", "--limit", "2");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        var rows = result.Output.Split('\n').Select(Cells).Where(cells => cells.Count == 5 && long.TryParse(cells[0], out _)).ToList();
        Assert.Equal(["3", "2"], rows.Select(r => r[0]));
        Assert.Equal("test", rows[0][2]);
        Assert.StartsWith("Rollback to version 1:", rows[0][3], StringComparison.Ordinal);
        Assert.Equal("1", rows[0][4]);
        Assert.Equal("", rows[1][4]);
        Assert.Contains("Applied at (UTC)", result.Output, StringComparison.Ordinal);
    }

    [RequiresRedisServerFact]
    public async Task RollbackWithYesAppliesTheEarlierDocumentAsANewVersion()
    {
        await using var host = await FreshFeatureApiAsync();
        using var api = host.CreateClient();
        await api.ApplyAsync(TeamRepository.Yaml);

        var result = await FeatureAspireCli.RunAsync(host, "rollback", "1", "--yes");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Contains("Rolled back: version 3 is version 1's document.", result.Output, StringComparison.Ordinal);
        Assert.Equal(3, await api.ServedVersionAsync());
        var current = await api.GetFromJsonAsync<JsonElement>("/api/registry");
        Assert.Equal(FeatureApi.Definitions.DefaultRepository.Text, current.GetProperty("document").GetString());
        Assert.Equal(1, current.GetProperty("rollbackOf").GetInt64());
    }

    [RequiresRedisServerFact]
    public async Task RollbackAsksFirstAndChangesNothingWhenThePersonSaysNo()
    {
        await using var host = await FreshFeatureApiAsync();
        using var api = host.CreateClient();
        await api.ApplyAsync(TeamRepository.Yaml);

        var result = await FeatureAspireCli.RunAsync(FeatureAspireCli.UrlOf(host), FeatureApiHost.TestKey, ["rollback", "1"], answer: "n");

        Assert.Equal(ExitCodes.Failure, result.ExitCode);
        Assert.Contains("Apply version 1's document again as version 3?", result.Output, StringComparison.Ordinal);
        Assert.Equal(2, await api.ServedVersionAsync());
    }

    [RequiresRedisServerFact]
    public async Task RollbackToAVersionTheStoreDoesNotKeepSaysSoPlainly()
    {
        await using var host = await FreshFeatureApiAsync();
        using var api = host.CreateClient();
        await api.ApplyAsync(TeamRepository.Yaml);

        var result = await FeatureAspireCli.RunAsync(host, "rollback", "7", "--yes");

        Assert.Equal(ExitCodes.Failure, result.ExitCode);
        Assert.Contains("Error: Version 7 cannot be rolled back to (404).", result.Errors, StringComparison.Ordinal);
        Assert.Contains("GET /api/registry/history lists them", result.Errors, StringComparison.Ordinal);
        Assert.Equal(2, await api.ServedVersionAsync());
    }

    [RequiresRedisServerFact]
    public async Task StatusSaysWhichVersionTheProcessServesAndExitsZeroWhenItIsTheStores()
    {
        await using var host = await FreshFeatureApiAsync();
        using var api = host.CreateClient();
        await api.ApplyAsync(TeamRepository.Yaml);

        var result = await FeatureAspireCli.RunAsync(host, "status");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Contains("serves version 2", result.Output, StringComparison.Ordinal);
        Assert.Contains("the store is at version 2.", result.Output, StringComparison.Ordinal);
    }

    [RequiresRedisServerFact]
    public async Task GetWritesTheCurrentDocumentToAFileAsItWasApplied()
    {
        await using var host = await FreshFeatureApiAsync();
        using var api = host.CreateClient();
        await api.ApplyAsync(TeamRepository.Yaml);
        var path = Files.PathOf("features.yaml");

        var result = await FeatureAspireCli.RunAsync(host, "get", "--output", path);

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Equal(TeamRepository.Yaml, await File.ReadAllTextAsync(path));
        Assert.Contains("Wrote version 2, applied", result.Output, StringComparison.Ordinal);
    }

    [RequiresRedisServerFact]
    public async Task GetPrintsTheDocumentAloneOnStandardOutput()
    {
        await using var host = await FreshFeatureApiAsync();

        var result = await FeatureAspireCli.RunAsync(host, "get");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Equal(FeatureApi.Definitions.DefaultRepository.Text, result.Output);
        Assert.Contains("version 1", result.Errors, StringComparison.Ordinal);
    }

    /// <summary>The cells of a table row (<c>│ 3 │ ... │</c> or with ASCII borders), trimmed; none for another line.</summary>
    private static List<string> Cells(string line)
    {
        var trimmed = line.Trim();
        if (trimmed.Length < 2 || trimmed[0] is not ('│' or '|') || trimmed[^1] is not ('│' or '|'))
        {
            return [];
        }
        return [.. trimmed[1..^1].Split(trimmed[0]).Select(cell => cell.Trim())];
    }
}
