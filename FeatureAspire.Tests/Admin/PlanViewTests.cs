using System.Text.Json;
using FeatureAdmin.Registry;
using FeatureApi.Definitions;
using FeatureAspire.Client;

namespace FeatureAspire.Tests.Admin;

/// <summary>A plan drawn the same way whether featureapi sent its changes (a plan) or only its lines (a 422 refusing breaking changes).</summary>
public sealed class PlanViewTests
{
    private static readonly string[] BreakingLines =
    [
        "Created entity item",
        "Updated feature clicks_1h (breaking)",
        "  tile: 5m -> 1m",
        "  ! A new tile size (1m) starts the window from empty: values undercount for 1h.",
        "Deleted feature f_click_trend",
    ];

    [Fact]
    public void LinesGiveEachChangeWithItsDetailsAndWhatABreakingOneBreaks()
    {
        var plan = PlanView.FromLines(BreakingLines);

        Assert.Equal([PlanAction.Created, PlanAction.Updated, PlanAction.Deleted], plan.Entries.Select(entry => entry.Action));
        var updated = plan.Entries[1];
        Assert.Equal(("feature", "clicks_1h", true), (updated.Kind, updated.Name, updated.Breaking));
        Assert.Equal(["tile: 5m -> 1m"], updated.Details);
        Assert.StartsWith("A new tile size", updated.Consequence, StringComparison.Ordinal);
        Assert.True(plan.Breaking);
        Assert.Equal("1 added, 1 changed, 1 removed (1 breaking).", plan.Summary);
    }

    [Fact]
    public void ThePlanOfARealChangeReadsTheSameFromItsChangesAndFromItsLines()
    {
        // featureapi's own planner, so the admin reads the lines it really prints.
        var before = RepositoryText.CompileValid(DefaultRepository.Text, version: 1);
        var after = RepositoryText.CompileValid(DefaultRepository.Text.Replace("tile: 5m", "tile: 1m", StringComparison.Ordinal)
            + "featureSets:\n  - name: ranker\n    features: [f_recency_score]\n", version: 2);
        var result = RepositoryPlan.Compare(before, after);
        var wire = JsonSerializer.Deserialize(JsonSerializer.Serialize(FeatureApi.Apis.Contracts.PlanResponse.Of(1, result), JsonSerializerOptions.Web),
            FeatureApiJsonContext.Default.RegistryPlan)!;

        var fromChanges = PlanView.From(wire);
        var fromLines = PlanView.FromLines(wire.Lines);

        Assert.Equal(result.Summary, fromChanges.Summary);
        Assert.Equal(fromChanges.Summary, fromLines.Summary);
        Assert.Equal(fromChanges.Entries.Select(Describe), fromLines.Entries.Select(Describe));
        Assert.Contains(fromChanges.Entries, entry => entry is { Name: "clicks_1h", Breaking: true, Consequence: not null });
    }

    [Fact]
    public void AHeadingItDoesNotKnowIsKeptWhole()
    {
        var entry = Assert.Single(PlanView.FromLines(["Renamed feature a to b"]).Entries);

        Assert.Equal((PlanAction.Updated, "Renamed feature a to b"), (entry.Action, entry.Name));
    }

    private static string Describe(PlanEntry entry) =>
        $"{entry.Action} {entry.Kind} {entry.Name} {entry.Breaking} [{string.Join("; ", entry.Details)}] {entry.Consequence}";
}
