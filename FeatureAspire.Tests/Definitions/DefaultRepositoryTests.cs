using FeatureApi.Definitions;
using FeatureApi.Features;

namespace FeatureAspire.Tests.Definitions;

/// <summary>
/// The default repository (the seed's catalog as data) compiles to the seed's features, and its expressions compute
/// exactly what the seed's compiled formulas did, on a row the way the pipeline fills it.
/// </summary>
public sealed class DefaultRepositoryTests
{
    private static readonly FeatureRegistry Registry = RepositoryText.CompileValid(DefaultRepository.Text, version: 1);

    private static double Compute(string feature, params (string Input, double Value)[] inputs)
    {
        var row = new double[Registry.All.Count];
        foreach (var (input, value) in inputs)
        {
            row[Registry[input].Slot] = value;
        }
        return Registry[feature].Formula!(row);
    }

    [Theory]
    [InlineData(120.0, 1.2)]
    [InlineData(0.0, 0.0)]
    [InlineData(-50.0, -0.5)]
    public void NormalizedValueIsCurrentValueOverAHundred(double currentValue, double expected) =>
        Assert.Equal(expected, Compute("f_normalized_value", ("current_value", currentValue)));

    [Theory]
    [InlineData(12.5, 1.0 / 13.5)]
    [InlineData(0.0, 1.0)]
    [InlineData(3.0, 0.25)]
    public void RecencyScoreIsOneOverClicksPlusOne(double clicks, double expected) =>
        Assert.Equal(expected, Compute("f_recency_score", ("last_7d_clicks", clicks)));

    [Theory]
    [InlineData(35, 120.0, 4200.0)]
    [InlineData(30, 0.5, 15.0)]
    public void AgeValueRatioIsAgeTimesCurrentValue(double age, double currentValue, double expected) =>
        Assert.Equal(expected, Compute("f_age_value_ratio", ("user_age", age), ("current_value", currentValue)));

    [Fact]
    public void TheExpressionsComputeBitForBitWhatTheSeedsCompiledFormulasDid()
    {
        var compiled = new FeatureApi.Benchmarks.CompiledCatalog().Registry;
        var random = new Random(11);
        var row = new double[Registry.All.Count];
        for (var i = 0; i < 10_000; i++)
        {
            for (var s = 0; s < row.Length; s++)
            {
                row[s] = (random.NextDouble() - 0.3) * Math.Pow(10, random.Next(-3, 6));
            }
            foreach (var name in new[] { "f_normalized_value", "f_recency_score", "f_age_value_ratio", "f_click_trend" })
            {
                Assert.Equal(BitConverter.DoubleToInt64Bits(compiled[name].Formula!(row)), BitConverter.DoubleToInt64Bits(Registry[name].Formula!(row)));
            }
        }
    }

    [Fact]
    public void DefaultSetIsTheThreeDerivedFeatures() =>
        Assert.Equal(["f_normalized_value", "f_recency_score", "f_age_value_ratio"], Registry.DefaultSet.Requested.Select(f => f.Name));

    [Fact]
    public void TheFeaturesAreTheSeedsInItsOrderWithItsKindsTypesDefaultsAndInputs()
    {
        Assert.Equal(["user_age", "last_7d_clicks", "clicks_1h", "clicks_24h", "clicks_7d", "current_value",
            "f_normalized_value", "f_recency_score", "f_age_value_ratio", "f_click_trend"], Registry.All.Select(f => f.Name));
        Assert.Equal(FeatureKind.Stored, Registry["user_age"].Kind);
        Assert.Equal(FeatureValueType.Int, Registry["user_age"].Type);
        Assert.Equal(30, Registry["user_age"].Default);
        Assert.Equal(0.0, Registry["last_7d_clicks"].Default);
        Assert.Equal(["user_age", "last_7d_clicks"], Registry.UserEntity!.Stored.Select(f => f.Name));
        Assert.Equal(["user_age", "current_value"], Registry["f_age_value_ratio"].Inputs.Select(f => f.Name));
        Assert.Equal(["clicks_24h", "last_7d_clicks"], Registry["f_click_trend"].Inputs.Select(f => f.Name));
        Assert.Equal(TimeSpan.FromMinutes(5), Registry["clicks_1h"].Live!.TileSize);
        Assert.Equal(46, Registry.TileSeries.Sum(s => s.TilesRead));
    }

    [Fact]
    public void ASetOfRequestFeaturesOnlyDoesNotReadTheStore()
    {
        Assert.False(Registry.Resolve(["f_normalized_value", "current_value"]).NeedsStoredFeatures);
        Assert.True(Registry.Resolve(["f_recency_score"]).NeedsStoredFeatures);
    }

    [Fact]
    public void NamedSetsKeepTheirOrderAndStayRightPastTheCacheBound()
    {
        // A registry of its own, so other tests' sets do not count; more orderings of its features than the cache keeps.
        var registry = RepositoryText.CompileValid(DefaultRepository.Text, version: 2);
        var names = registry.All.Select(f => f.Name).ToArray();
        var random = new Random(7);

        for (var i = 0; i < 1_500; i++)
        {
            var asked = names.OrderBy(_ => random.Next()).Take(1 + (i % 4)).ToArray();

            var set = registry.Resolve(asked);

            Assert.Equal(asked, set.Requested.Select(f => f.Name));
            // The same names asked again, in another order, are another set.
            var reversed = registry.Resolve([.. asked.Reverse()]);
            Assert.Equal(asked.Reverse(), reversed.Requested.Select(f => f.Name));
        }
    }

    [Theory]
    [InlineData(FeatureStatus.Present, FeatureStatus.Stale, FeatureStatus.Stale)]
    [InlineData(FeatureStatus.Default, FeatureStatus.Stale, FeatureStatus.Default)]
    [InlineData(FeatureStatus.Unavailable, FeatureStatus.Default, FeatureStatus.Unavailable)]
    [InlineData(FeatureStatus.Present, FeatureStatus.Present, FeatureStatus.Present)]
    public void ADerivedFeatureTakesTheWorstStatusOfItsInputs(FeatureStatus a, FeatureStatus b, FeatureStatus expected) =>
        Assert.Equal(expected, FeatureStatusNames.Worst(a, b));
}
