using FeatureAspire.Client;

namespace FeatureAdmin.Registry;

/// <summary>
/// What an extract of some features must carry: the entities whose keys their stored and live inputs read, and the
/// request fields they use, followed through derived features' inputs.
/// </summary>
/// <param name="Entities">Entity names, in ordinal order.</param>
/// <param name="RequestFields">Request features, in ordinal order of their names.</param>
public sealed record FeatureNeeds(IReadOnlyList<string> Entities, IReadOnlyList<FeatureDefinition> RequestFields)
{
    /// <summary>The needs of <paramref name="features"/>; a name the definitions do not list needs nothing (featureapi will say it is unknown).</summary>
    public static FeatureNeeds Of(IReadOnlyDictionary<string, FeatureDefinition> definitions, IEnumerable<string> features)
    {
        var entities = new SortedSet<string>(StringComparer.Ordinal);
        var fields = new SortedDictionary<string, FeatureDefinition>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>(features);
        while (pending.TryPop(out var name))
        {
            if (!seen.Add(name) || !definitions.TryGetValue(name, out var feature))
            {
                continue;
            }
            if (feature.Kind == FeatureKind.Request)
            {
                fields[name] = feature;
            }
            if (feature.Entity is { } entity)
            {
                entities.Add(entity);
            }
            foreach (var input in feature.Inputs)
            {
                pending.Push(input);
            }
        }
        return new FeatureNeeds([.. entities], [.. fields.Values]);
    }
}
