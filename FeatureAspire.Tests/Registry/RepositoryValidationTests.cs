using FeatureApi.Definitions;

namespace FeatureAspire.Tests.Registry;

/// <summary>Every rule a repository document is held to, each refusing a document that breaks it, at its place.</summary>
public sealed class RepositoryValidationTests
{
    private const string User = "entities: [{ name: user, key: int64 }]\n";

    [Theory]
    // The document itself.
    [InlineData("", "document", "empty")]
    [InlineData("entities: [", "document", "line")]
    [InlineData("entitys: []", "document", "entitys")]
    [InlineData("entities: &a [{ name: user, key: int64 }]\nstreams: *a", "document", "Anchors and aliases")]
    [InlineData(User + "features: []", "features", "at least one feature")]
    // Entities.
    [InlineData("entities: [{ name: user }]\nfeatures: [{ name: x, source: request }]", "entities[0].key", "key type is required")]
    [InlineData("entities: [{ name: user, key: uuid }]\nfeatures: [{ name: x, source: request }]", "entities[0].key", "uuid")]
    [InlineData("entities: [{ name: User, key: int64 }]\nfeatures: [{ name: x, source: request }]", "entities[0].name", "not a valid name")]
    [InlineData("entities: [{ name: u, key: int64 }]\nfeatures: [{ name: x, source: request }]", "entities[0].name", "reserved")]
    [InlineData("entities: [{ name: a, key: int64 }, { name: a, key: string }]\nfeatures: [{ name: x, source: request }]", "entities[1].name", "twice")]
    // Streams.
    [InlineData(User + "streams: [{ name: clicks, entity: item }]\nfeatures: [{ name: x, source: request }]", "streams[0].entity", "Unknown entity")]
    [InlineData(User + "streams: [{ name: clicks, entity: user }, { name: clicks, entity: user }]\nfeatures: [{ name: x, source: request }]", "streams[1].name", "twice")]
    // Features.
    [InlineData(User + "features: [{ name: 1x, source: request }]", "features[0].name", "not a valid name")]
    [InlineData(User + "features: [{ name: log, source: request }]", "features[0].name", "reserved")]
    [InlineData(User + "features: [{ name: x, source: request }, { name: x, source: request }]", "features[1].name", "twice")]
    [InlineData(User + "features: [{ name: x }]", "features[0].source", "source is required")]
    [InlineData(User + "features: [{ name: x, source: computed }]", "features[0].source", "computed")]
    [InlineData(User + "features: [{ name: x, source: request, type: float }]", "features[0].type", "float")]
    [InlineData(User + "features: [{ name: x, source: stored, entity: user, type: int, default: 1.5 }]", "features[0].default", "whole number")]
    [InlineData(User + "features: [{ name: x, source: stored, entity: user, type: bool, default: 2 }]", "features[0].default", "true or false")]
    [InlineData(User + "features: [{ name: x, source: stored, entity: user, default: abc }]", "features[0].default", "finite number")]
    [InlineData(User + "features: [{ name: x, source: stored }]", "features[0].entity", "Name the entity")]
    [InlineData(User + "features: [{ name: x, source: stored, entity: item }]", "features[0].entity", "Unknown entity")]
    [InlineData(User + "features: [{ name: x, source: stored, entity: user, maxAge: soon }]", "features[0].maxAge", "soon")]
    [InlineData(User + "features: [{ name: x, source: request, maxAge: 1d }]", "features[0].maxAge", "Only stored")]
    [InlineData(User + "features: [{ name: x, source: stored, entity: user, cache: sometimes }]", "features[0].cache", "true or false")]
    [InlineData(User + "features: [{ name: x, source: request, cache: false }]", "features[0].cache", "Only stored")]
    [InlineData("entities: [{ name: user, key: int64, cache: no }]\nfeatures: [{ name: x, source: request }]", "entities[0].cache", "true or false")]
    [InlineData(User + "features: [{ name: x, source: request, entity: user }]", "features[0].entity", "no entity")]
    [InlineData(User + "features: [{ name: x, source: stored, entity: user, window: 1h }]", "features[0].window", "Only live")]
    [InlineData(User + "features: [{ name: x, source: request, expression: '1' }]", "features[0].expression", "Only derived")]
    // Live features.
    [InlineData(User + "features: [{ name: x, source: live, aggregation: sum, window: 1h, tile: 5m }]", "features[0].stream", "names the stream")]
    [InlineData(User + "streams: [{ name: c, entity: user }]\nfeatures: [{ name: x, source: live, stream: d, aggregation: sum, window: 1h, tile: 5m }]", "features[0].stream", "Unknown stream")]
    [InlineData(User + "streams: [{ name: c, entity: user }]\nfeatures: [{ name: x, source: live, stream: c, window: 1h, tile: 5m }]", "features[0].aggregation", "needs an aggregation")]
    [InlineData(User + "streams: [{ name: c, entity: user }]\nfeatures: [{ name: x, source: live, stream: c, aggregation: median, window: 1h, tile: 5m }]", "features[0].aggregation", "median")]
    [InlineData(User + "streams: [{ name: c, entity: user }]\nfeatures: [{ name: x, source: live, stream: c, aggregation: sum, tile: 5m }]", "features[0].window", "Required")]
    [InlineData(User + "streams: [{ name: c, entity: user }]\nfeatures: [{ name: x, source: live, stream: c, aggregation: sum, window: 1h, tile: 2h }]", "features[0].tile", "longer than the window")]
    [InlineData(User + "streams: [{ name: c, entity: user }]\nfeatures: [{ name: x, source: live, stream: c, aggregation: sum, window: 1h, tile: 7m }]", "features[0].window", "whole number of tiles")]
    [InlineData(User + "streams: [{ name: c, entity: user }]\nfeatures: [{ name: x, source: live, stream: c, aggregation: sum, window: 7d, tile: 1s }]", "features[0].tile", "at most 1000")]
    [InlineData(User + "streams: [{ name: c, entity: user }]\nfeatures: [{ name: x, source: live, stream: c, aggregation: sum, window: 1h, tile: 500ms }]", "features[0].tile", "500ms")]
    [InlineData(User + "streams: [{ name: c, entity: user }]\nfeatures: [{ name: x, source: live, stream: c, aggregation: sum, window: 400d, tile: 1d }]", "features[0].window", "at most 365d")]
    [InlineData(User + "streams: [{ name: c, entity: user }]\nfeatures: [{ name: x, source: live, stream: c, type: bool, aggregation: sum, window: 1h, tile: 5m }]", "features[0].type", "number")]
    // Derived features.
    [InlineData(User + "features: [{ name: x, source: derived }]", "features[0].expression", "needs an expression")]
    [InlineData(User + "features: [{ name: x, source: derived, expression: 'y * 2' }]", "features[0].expression", "'y'")]
    [InlineData(User + "features: [{ name: x, source: derived, expression: '1 +' }]", "features[0].expression", "character")]
    [InlineData(User + "features: [{ name: a, source: derived, expression: 'b + 1' }, { name: b, source: derived, expression: 'a + 1' }]", "features[0].expression", "a -> b -> a")]
    [InlineData(User + "features: [{ name: a, source: derived, expression: 'a + 1' }]", "features[0].expression", "a -> a")]
    [InlineData(User + "features: [{ name: r, source: request }, { name: x, source: derived, expression: 'r > 1' }]", "features[1].type", "declare the feature's type as bool")]
    [InlineData(User + "features: [{ name: r, source: request }, { name: x, source: derived, type: bool, expression: 'r * 2' }]", "features[1].type", "not true or false")]
    // Default features and feature sets.
    [InlineData(User + "features: [{ name: x, source: request }]\ndefaultFeatures: [y]", "defaultFeatures[0]", "Unknown feature")]
    [InlineData(User + "features: [{ name: x, source: request }]\ndefaultFeatures: [x, x]", "defaultFeatures[1]", "twice")]
    [InlineData(User + "features: [{ name: x, source: request }]\ndefaultFeatures: []", "defaultFeatures", "at least one")]
    [InlineData(User + "features: [{ name: x, source: request }]\nfeatureSets: [{ name: s, features: [y] }]", "featureSets[0].features[0]", "Unknown feature")]
    [InlineData(User + "features: [{ name: x, source: request }]\nfeatureSets: [{ name: s, features: [x] }, { name: s, features: [x] }]", "featureSets[1].name", "twice")]
    public void ADocumentBreakingARuleIsRefusedAtItsPlace(string document, string field, string message)
    {
        var compiled = RepositoryText.Compile(document, version: 1);

        Assert.Null(compiled.Registry);
        var error = Assert.Single(compiled.Errors, e => e.Field == field);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ADocumentLargerThanTheBoundIsRefusedBeforeItIsParsed()
    {
        var document = User + "description: " + new string('x', RepositoryParser.MaxDocumentBytes) + "\nfeatures: [{ name: x, source: request }]";

        var compiled = RepositoryText.Compile(document, version: 1);

        Assert.Contains("larger than", Assert.Single(compiled.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryErrorOfADocumentIsReportedAtOnce()
    {
        const string document = """
            entities: [{ name: user, key: uuid }]
            features:
              - { name: x, source: stored, entity: item }
              - { name: y, source: derived, expression: 'z + 1' }
            """;

        var fields = RepositoryText.Compile(document, version: 1).Errors.Select(e => e.Field).ToList();

        Assert.Equal(["entities[0].key", "features[0].entity", "features[1].expression"], fields);
    }

    [Fact]
    public void AValidDocumentCompilesToItsRegistry()
    {
        var compiled = RepositoryText.Compile(TeamRepository.Yaml, version: 4);

        Assert.Empty(compiled.Errors);
        Assert.Equal(4, compiled.Registry!.Version);
        Assert.Equal(["user", "item"], compiled.Registry.Entities.Select(e => e.Name));
        Assert.Equal(["price_per_year", "is_popular", "item_views_1h"], compiled.Registry.FindSet("ranker_v2")!.Requested.Select(f => f.Name));
    }
}
