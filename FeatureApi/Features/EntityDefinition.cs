using StackExchange.Redis;

namespace FeatureApi.Features;

/// <summary>
/// Something features describe (a user, an item), at its index in a registry. It carries what its reads need, made
/// once when the registry is compiled: its stored features in order and the fields one HMGET of its hash reads.
/// </summary>
public sealed class EntityDefinition
{
    /// <summary>The entity whose keys keep the seed's layout (<c>fs:{u:101}</c>), so a user's data never moves.</summary>
    public const string User = "user";

    /// <summary>The longest string key, and the characters it may hold (none that could end a hash tag or a key part).</summary>
    public const int MaxStringKeyLength = 128;

    internal EntityDefinition(string name, EntityKeyType keyType, string description, int index)
    {
        Name = name;
        KeyType = keyType;
        Description = description;
        Index = index;
        KeyTag = name == User && keyType == EntityKeyType.Int64 ? "u" : name;
    }

    public string Name { get; }
    public EntityKeyType KeyType { get; }
    public string Description { get; }

    /// <summary>Whether its stored features may be served from the near cache (the repository's <c>cache</c>, true by default).</summary>
    public bool Cached { get; internal init; } = true;

    /// <summary>This entity's position among the registry's entities (and in a row's keys).</summary>
    public int Index { get; }

    /// <summary>What precedes the key in the entity's hash tag: <c>u</c> for the seed's user, the name otherwise.</summary>
    internal string KeyTag { get; }

    /// <summary>The entity's stored features, in registry order.</summary>
    public IReadOnlyList<FeatureDefinition> Stored { get; internal set; } = [];

    /// <summary>[value, written-at] per stored feature, in order: one HMGET reads them all, and the reply is read by position.</summary>
    internal RedisValue[] LookupFields { get; set; } = [];

    /// <summary>The tile series of this entity's streams.</summary>
    public IReadOnlyList<TileSeries> Series { get; internal set; } = [];

    /// <summary>The stored features' names, for messages.</summary>
    internal string StoredNames { get; set; } = "";

    public override string ToString() => Name;
}
