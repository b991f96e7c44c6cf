using FeatureApi.Features;

namespace FeatureAspire.Tests.Features;

/// <summary>Every formula of the catalog, computed on a row the way the pipeline fills it.</summary>
public sealed class FeatureCatalogTests
{
    private static double Compute(FeatureDefinition feature, params (FeatureDefinition Input, double Value)[] inputs)
    {
        var registry = FeatureCatalog.Registry;
        var row = new double[registry.All.Count];
        foreach (var (input, value) in inputs)
        {
            row[registry[input.Name].Slot] = value;
        }
        return registry[feature.Name].Formula!(new FeatureRow(row));
    }

    [Theory]
    [InlineData(120.0, 1.2)]
    [InlineData(0.0, 0.0)]
    [InlineData(-50.0, -0.5)]
    public void NormalizedValueIsCurrentValueOverAHundred(double currentValue, double expected) =>
        Assert.Equal(expected, Compute(FeatureCatalog.NormalizedValue, (FeatureCatalog.CurrentValue, currentValue)));

    [Theory]
    [InlineData(12.5, 1.0 / 13.5)]
    [InlineData(0.0, 1.0)]
    [InlineData(3.0, 0.25)]
    public void RecencyScoreIsOneOverClicksPlusOne(double clicks, double expected) =>
        Assert.Equal(expected, Compute(FeatureCatalog.RecencyScore, (FeatureCatalog.Last7dClicks, clicks)));

    [Theory]
    [InlineData(35, 120.0, 4200.0)]
    [InlineData(30, 0.5, 15.0)]
    public void AgeValueRatioIsAgeTimesCurrentValue(double age, double currentValue, double expected) =>
        Assert.Equal(expected, Compute(FeatureCatalog.AgeValueRatio, (FeatureCatalog.UserAge, age), (FeatureCatalog.CurrentValue, currentValue)));

    [Fact]
    public void DefaultSetIsTheThreeDerivedFeatures() =>
        Assert.Equal(["f_normalized_value", "f_recency_score", "f_age_value_ratio"], FeatureCatalog.Registry.DefaultSet.Requested.Select(f => f.Name));

    [Fact]
    public void StoredFeaturesHaveTheirDocumentedDefaults()
    {
        Assert.Equal(30, FeatureCatalog.UserAge.Default);
        Assert.Equal(0.0, FeatureCatalog.Last7dClicks.Default);
        Assert.Equal(["user_age", "last_7d_clicks"], FeatureCatalog.Registry.Stored.Select(f => f.Name));
    }

    [Fact]
    public void ASetOfRequestFeaturesOnlyDoesNotReadTheStore()
    {
        var set = FeatureCatalog.Registry.Resolve(["f_normalized_value", "current_value"]);

        Assert.False(set.NeedsStoredFeatures);
        Assert.True(FeatureCatalog.Registry.Resolve(["f_recency_score"]).NeedsStoredFeatures);
    }

    [Fact]
    public void NamedSetsKeepTheirOrderAndStayRightPastTheCacheBound()
    {
        // A registry of its own, so other tests' sets do not count; more orderings of its features than the cache keeps.
        var registry = new FeatureRegistry(
            [FeatureCatalog.UserAge, FeatureCatalog.Last7dClicks, FeatureCatalog.Clicks1h, FeatureCatalog.Clicks24h, FeatureCatalog.Clicks7d,
                FeatureCatalog.CurrentValue, FeatureCatalog.NormalizedValue, FeatureCatalog.RecencyScore, FeatureCatalog.ClickTrend],
            [FeatureCatalog.NormalizedValue]);
        var names = registry.All.Select(f => f.Name).ToArray();
        var random = new Random(7);

        for (var i = 0; i < 1_500; i++)
        {
            var asked = names.OrderBy(_ => random.Next()).Take(1 + (i % 4)).ToArray();
            var set = registry.Resolve(asked);

            Assert.Equal(asked, set.Requested.Select(f => f.Name));
            // The same names asked again, in another order, are another set.
            var reversed = registry.Resolve([.. asked.Reverse()]);
            Assert.Equal(asked.Reverse(), reversed!.Requested.Select(f => f.Name));
        }
    }

    [Fact]
    public void RegistryRefusesAFeatureRegisteredBeforeItsInput()
    {
        var input = FeatureDefinition.Stored("late_input", FeatureValueType.Double, 0, "registered too late");
        var derived = FeatureDefinition.Derived("early", "uses late_input", [input], row => row[input]);

        var error = Assert.Throws<InvalidOperationException>(() => new FeatureRegistry([derived, input], [derived]));
        Assert.Contains("late_input", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RegistriesHandOutTheirOwnSlotsAndLeaveTheDeclarationsAlone()
    {
        var declared = FeatureDefinition.Stored("shared_input", FeatureValueType.Double, 0, "in two registries");
        var doubled = FeatureDefinition.Derived("doubled", "shared_input * 2", [declared], row => row[declared] * 2);
        var padding = FeatureDefinition.Stored("padding", FeatureValueType.Double, 0, "moves the others one slot on");

        var first = new FeatureRegistry([declared, doubled], [doubled]);
        var second = new FeatureRegistry([padding, declared, doubled], [doubled]);

        Assert.Equal(-1, declared.Slot);
        Assert.Equal(0, first["shared_input"].Slot);
        Assert.Equal(1, second["shared_input"].Slot);
        Assert.Equal(8.0, first["doubled"].Formula!(new FeatureRow([4.0, 0.0])));
        Assert.Equal(8.0, second["doubled"].Formula!(new FeatureRow([0.0, 4.0, 0.0])));
    }

    [Theory]
    [InlineData(FeatureStatus.Present, FeatureStatus.Stale, FeatureStatus.Stale)]
    [InlineData(FeatureStatus.Default, FeatureStatus.Stale, FeatureStatus.Default)]
    [InlineData(FeatureStatus.Unavailable, FeatureStatus.Default, FeatureStatus.Unavailable)]
    [InlineData(FeatureStatus.Present, FeatureStatus.Present, FeatureStatus.Present)]
    public void ADerivedFeatureTakesTheWorstStatusOfItsInputs(FeatureStatus a, FeatureStatus b, FeatureStatus expected) =>
        Assert.Equal(expected, FeatureStatusNames.Worst(a, b));
}
