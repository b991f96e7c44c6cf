using FeatureAdmin.Registry;
using FeatureAspire.Client;
using static FeatureAspire.Tests.Admin.AdminRepositories;

namespace FeatureAspire.Tests.Admin;

/// <summary>What an extract of some features needs, and which features one entity alone can serve.</summary>
public sealed class RegistryViewTests
{
    [Fact]
    public void ADerivedFeatureNeedsTheEntitiesAndRequestFieldsOfItsInputs()
    {
        var needs = TeamView.NeedsOf(["price_per_year"]);

        Assert.Equal(["item", "user"], needs.Entities);
        Assert.Equal(["discount"], needs.RequestFields.Select(field => field.Name));
    }

    [Fact]
    public void ALiveFeatureNeedsItsStreamsEntityAndAnUnknownNameNeedsNothing()
    {
        Assert.Equal(["item"], TeamView.NeedsOf(["is_popular", "no_such_feature"]).Entities);
        Assert.Empty(TeamView.NeedsOf(["no_such_feature"]).RequestFields);
    }

    [Fact]
    public void AnEntityAloneServesTheFeaturesThatReadNoOtherEntity()
    {
        Assert.Equal(["item_price", "item_views_1h", "is_popular"], TeamView.ServableFrom("item"));
        Assert.Equal(["user_age"], TeamView.ServableFrom("user"));
    }

    [Fact]
    public void AFeatureThatReadsNoEntityIsNoEntitysOwn()
    {
        var view = new RegistryView(
            [
                Feature("user_age", FeatureKind.Stored, FeatureValueType.Int, entity: "user"),
                Feature("current_value", FeatureKind.Request),
                Feature("f_normalized_value", FeatureKind.Derived, inputs: ["current_value"]),
                Feature("f_age_value_ratio", FeatureKind.Derived, inputs: ["user_age", "current_value"]),
            ],
            TeamView.Outline);

        Assert.Equal(["user_age", "f_age_value_ratio"], view.ServableFrom("user"));
    }

    [Fact]
    public void TheUserEntityIsShownFirstAndEachEntityHasItsOwnStoredFeatures()
    {
        Assert.Equal("user", TeamView.DefaultEntity?.Name);
        Assert.Equal(["item_price"], TeamView.StoredOf("item").Select(feature => feature.Name));
    }
}
