using FeatureAdmin.Registry;
using FeatureAspire.Client;
using FeatureAspire.Tests.Registry;

namespace FeatureAspire.Tests.Admin;

/// <summary>The admin reads from a stored repository document what the definitions do not say: entities' key types, feature sets, the default set.</summary>
public sealed class RepositoryOutlineTests
{
    [Fact]
    public void AYamlDocumentGivesItsEntitiesWithKeyTypesItsFeatureSetsAndItsDefaultFeatures()
    {
        var (outline, error) = RepositoryOutline.Read(TeamRepository.Yaml);

        Assert.Null(error);
        Assert.Equal([new EntityInfo("user", EntityKeyType.Int64), new EntityInfo("item", EntityKeyType.String)], outline.Entities);
        var set = Assert.Single(outline.FeatureSets);
        Assert.Equal("ranker_v2", set.Name);
        Assert.Equal(["price_per_year", "is_popular", "item_views_1h"], set.Features);
        Assert.Equal(["price_per_year"], outline.DefaultFeatures);
    }

    [Fact]
    public void AJsonDocumentIsReadTheSameWay()
    {
        var (outline, error) = RepositoryOutline.Read("""
            {"entities": [{"name": "merchant", "key": "string", "description": "A seller."}], "features": [],
             "featureSets": [{"name": "risk", "features": ["merchant_score"]}], "defaultFeatures": ["merchant_score"]}
            """);

        Assert.Null(error);
        Assert.Equal(new EntityInfo("merchant", EntityKeyType.String, "A seller."), Assert.Single(outline.Entities));
        Assert.Equal(["merchant_score"], outline.FindFeatureSet("risk")?.Features);
        Assert.Equal(["merchant_score"], outline.DefaultFeatures);
    }

    [Fact]
    public void AnUnreadableDocumentGivesAnEmptyOutlineAndTheSentenceThatSaysWhy()
    {
        var (outline, error) = RepositoryOutline.Read("entities: [unclosed");

        Assert.Same(RepositoryOutline.Empty, outline);
        Assert.StartsWith("The repository document could not be read", error, StringComparison.Ordinal);
    }
}
