using FeatureAspire.Client;

namespace FeatureAdmin.Registry;

/// <summary>
/// The feature repository as the admin sees it: featureapi's definitions and the outline of the stored document,
/// sliced the ways the pages need them.
/// </summary>
public sealed class RegistryView
{
    public static readonly RegistryView Empty = new([], RepositoryOutline.Empty);

    private readonly Dictionary<string, FeatureDefinition> byName;

    public RegistryView(IReadOnlyList<FeatureDefinition> definitions, RepositoryOutline outline)
    {
        Definitions = definitions;
        Outline = outline;
        byName = definitions.ToDictionary(d => d.Name, StringComparer.Ordinal);
        Kinds = definitions.ToDictionary(d => d.Name, d => d.Kind, StringComparer.Ordinal);
    }

    public IReadOnlyList<FeatureDefinition> Definitions { get; }

    public RepositoryOutline Outline { get; }

    public IReadOnlyList<EntityInfo> Entities => Outline.Entities;

    public IReadOnlyDictionary<string, FeatureKind> Kinds { get; }

    /// <summary>Every feature an extract can name without the request supplying it: all but request features.</summary>
    public IReadOnlyList<string> Extractable => [.. Definitions.Where(d => d.Kind != FeatureKind.Request).Select(d => d.Name)];

    /// <summary>The stored features of <paramref name="entity"/>: what its instances hold and the admin can write.</summary>
    public IReadOnlyList<FeatureDefinition> StoredOf(string entity) =>
        [.. Definitions.Where(d => d.Kind == FeatureKind.Stored && d.Entity == entity)];

    /// <summary>The entity to show first: the seed's user when the repository has one, so today's pages open as they did.</summary>
    public EntityInfo? DefaultEntity => Outline.FindEntity("user") ?? Entities.FirstOrDefault();

    public FeatureNeeds NeedsOf(IEnumerable<string> features) => FeatureNeeds.Of(byName, features);

    /// <summary>
    /// The features of <paramref name="entity"/>'s own that an extract naming only it can serve: those that read it and
    /// no other entity. One that reads no entity at all (request fields only) says nothing of an instance, so it is left out.
    /// </summary>
    public IReadOnlyList<string> ServableFrom(string entity) =>
        [.. Extractable.Where(name => NeedsOf([name]).Entities is [var only] && only == entity)];
}
