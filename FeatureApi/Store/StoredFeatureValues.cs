using FeatureApi.Features;

namespace FeatureApi.Store;

/// <summary>Stored feature values to write for one entity instance, validated against the registry.</summary>
public sealed record StoredFeatureValues(EntityKey Key, IReadOnlyList<KeyValuePair<string, double>> Values);

/// <summary>An entity instance's stored features as read back, with the time of the last write.</summary>
public sealed record StoredEntity(EntityKey Key, IReadOnlyDictionary<string, double> Features, DateTimeOffset? UpdatedAt);

/// <summary>One page of an entity's keys in ascending order, and the cursor of the next page (null on the last).</summary>
public sealed record EntityPage(IReadOnlyList<EntityKey> Keys, string? NextCursor);
