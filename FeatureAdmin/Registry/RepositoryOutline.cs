using FeatureAspire.Client;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace FeatureAdmin.Registry;

/// <summary>An entity of the repository: its name and the type of its keys.</summary>
public sealed record EntityInfo(string Name, EntityKeyType KeyType, string? Description = null);

/// <summary>A named feature set of the repository and the features it returns.</summary>
public sealed record FeatureSetInfo(string Name, IReadOnlyList<string> Features, string? Description = null);

/// <summary>
/// What the admin needs of a repository document that <c>GET /api/features/definitions</c> does not say: the
/// entities with their key types, the named feature sets and the default features. Read from the document featureapi
/// stored (YAML, or JSON, which is YAML too); featureapi validated it, so nothing here is checked again, and a field
/// the admin does not know is passed over.
/// </summary>
public sealed record RepositoryOutline(IReadOnlyList<EntityInfo> Entities, IReadOnlyList<FeatureSetInfo> FeatureSets, IReadOnlyList<string> DefaultFeatures)
{
    public static readonly RepositoryOutline Empty = new([], [], []);

    public EntityInfo? FindEntity(string? name) => Entities.FirstOrDefault(entity => entity.Name == name);

    public FeatureSetInfo? FindFeatureSet(string? name) => FeatureSets.FirstOrDefault(set => set.Name == name);

    /// <summary>The outline of <paramref name="document"/>, or <see cref="Empty"/> and the sentence that says why it could not be read.</summary>
    public static (RepositoryOutline Outline, string? Error) Read(string document)
    {
        try
        {
            var yaml = new YamlStream();
            yaml.Load(new StringReader(document));
            if (yaml.Documents.FirstOrDefault()?.RootNode is not YamlMappingNode root)
            {
                return (Empty, "The repository document is empty.");
            }
            return (new RepositoryOutline(
                [.. Items(root, "entities").Select(entity => new EntityInfo(Text(entity, "name") ?? "",
                    Text(entity, "key") == "string" ? EntityKeyType.String : EntityKeyType.Int64, Text(entity, "description")))],
                [.. Items(root, "featureSets").Select(set => new FeatureSetInfo(Text(set, "name") ?? "", Names(set, "features"), Text(set, "description")))],
                Names(root, "defaultFeatures")), null);
        }
        catch (YamlException invalid)
        {
            return (Empty, $"The repository document could not be read: {invalid.Message}");
        }
    }

    private static IEnumerable<YamlMappingNode> Items(YamlMappingNode map, string name) =>
        Child(map, name) is YamlSequenceNode list ? list.Children.OfType<YamlMappingNode>() : [];

    private static IReadOnlyList<string> Names(YamlMappingNode map, string name) =>
        Child(map, name) is YamlSequenceNode list ? [.. list.Children.OfType<YamlScalarNode>().Select(item => item.Value ?? "")] : [];

    private static string? Text(YamlMappingNode map, string name) => (Child(map, name) as YamlScalarNode)?.Value;

    private static YamlNode? Child(YamlMappingNode map, string name) =>
        map.Children.TryGetValue(new YamlScalarNode(name), out var node) ? node : null;
}
