using System.Collections.Concurrent;

namespace FeatureApi.Features;

/// <summary>
/// The feature sets requests have named, by their features in order. Clients ask for the same few lists again and
/// again, and building a set (what to read, merge and compute) cost a request more than parsing its body. Bounded,
/// since the lists are the caller's choice: past <see cref="Capacity"/> sets, new ones are built and not kept.
/// </summary>
internal sealed class FeatureSetCache(FeatureRegistry registry)
{
    public const int Capacity = 1024;

    private readonly ConcurrentDictionary<Key, FeatureSet> sets = new();
    private int count;

    public FeatureSet GetOrCreate(List<FeatureDefinition> features)
    {
        var key = new Key(features);
        if (sets.TryGetValue(key, out var set))
        {
            return set;
        }
        set = new FeatureSet(registry, features);
        if (Volatile.Read(ref count) < Capacity && sets.TryAdd(key, set))
        {
            Interlocked.Increment(ref count);
        }
        return set;
    }

    /// <summary>A list of features compared by its members in order (a set is never changed once cached).</summary>
    private readonly struct Key(List<FeatureDefinition> features) : IEquatable<Key>
    {
        public bool Equals(Key other) => features.SequenceEqual(other.Features);

        public override bool Equals(object? obj) => obj is Key other && Equals(other);

        public override int GetHashCode()
        {
            var hash = new HashCode();
            foreach (var feature in features)
            {
                hash.Add(feature.Slot);
            }
            return hash.ToHashCode();
        }

        private List<FeatureDefinition> Features => features;
    }
}
