using FeatureAspire.Client;

namespace FeatureAdmin.Registry;

/// <summary>Which features an extract asks for.</summary>
public enum FeatureChoice
{
    /// <summary>None named: the repository's default features.</summary>
    DefaultSet,

    /// <summary>A list of features (none ticked: the default set).</summary>
    Features,

    /// <summary>A named feature set of the repository.</summary>
    FeatureSet,
}

/// <summary>
/// The Try it form as data: which features, a key for every entity they read and a value for every request field they
/// use, built into the entities-shaped extract the client sends. Keys and values are kept by name, so switching
/// features back and forth keeps what was typed.
/// </summary>
public sealed class ExtractForm
{
    public FeatureChoice Choice { get; set; } = FeatureChoice.DefaultSet;

    public HashSet<string> Picked { get; } = new(StringComparer.Ordinal);

    public string? FeatureSet { get; set; }

    /// <summary>Entity name → key as typed.</summary>
    public Dictionary<string, string> Keys { get; } = new(StringComparer.Ordinal);

    /// <summary>Request field name → value (1 or 0 for a bool field).</summary>
    public Dictionary<string, double> Values { get; } = new(StringComparer.Ordinal);

    /// <summary>The features asked for, whose needs the request must meet.</summary>
    public IReadOnlyList<string> Asked(RegistryView view) => Choice switch
    {
        FeatureChoice.Features when Picked.Count > 0 => [.. Picked.Order(StringComparer.Ordinal)],
        FeatureChoice.FeatureSet => view.Outline.FindFeatureSet(FeatureSet)?.Features ?? [],
        _ => view.Outline.DefaultFeatures,
    };

    /// <summary>What the features asked for need, with a starting key and value filled in for any not typed yet.</summary>
    public FeatureNeeds Prepare(RegistryView view)
    {
        var needs = view.NeedsOf(Asked(view));
        foreach (var entity in needs.Entities)
        {
            if (!Keys.ContainsKey(entity))
            {
                Keys[entity] = EntityOf(view, entity) is { } info ? EntityKeyText.Sample(info) : "";
            }
        }
        foreach (var field in needs.RequestFields)
        {
            Values.TryAdd(field.Name, field.Default);
        }
        return needs;
    }

    /// <summary>The extract: the entities and request fields the features need, and the features as chosen.</summary>
    public EntityExtractRequest Build(RegistryView view)
    {
        var needs = Prepare(view);
        var entities = needs.Entities.ToDictionary(entity => entity,
            entity => EntityKeyText.Parse(EntityOf(view, entity) ?? new EntityInfo(entity, EntityKeyType.String), Keys[entity]), StringComparer.Ordinal);
        var request = needs.RequestFields.ToDictionary(field => field.Name, field => Values[field.Name], StringComparer.Ordinal);
        return new EntityExtractRequest(entities, request.Count > 0 ? request : null,
            Choice == FeatureChoice.Features && Picked.Count > 0 ? Asked(view) : null,
            Choice == FeatureChoice.FeatureSet ? FeatureSet : null);
    }

    public void Pick(string feature, bool on)
    {
        if (on)
        {
            Picked.Add(feature);
        }
        else
        {
            Picked.Remove(feature);
        }
    }

    private static EntityInfo? EntityOf(RegistryView view, string entity) => view.Outline.FindEntity(entity);
}
