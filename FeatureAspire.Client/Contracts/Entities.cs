namespace FeatureAspire.Client;

/// <summary>An entity instance's stored features and the time of the last write, from <c>GET /api/entities/{entity}/{key}/features</c>.</summary>
/// <param name="Entity">The entity, such as <c>item</c>.</param>
/// <param name="Key">The instance's key.</param>
/// <param name="Features">Stored feature name → value.</param>
/// <param name="UpdatedAt">When the instance's features were last written, if known.</param>
public sealed record EntityFeatures(string Entity, EntityKey Key, IReadOnlyDictionary<string, double> Features, DateTimeOffset? UpdatedAt);

/// <summary>One instance's stored feature values in a bulk upsert.</summary>
/// <param name="Key">The instance's key, of its entity's key type; an instance may appear once per request.</param>
/// <param name="Features">Stored feature name → value; features not named are left as they are.</param>
public sealed record EntityFeatureValues(EntityKey Key, IReadOnlyDictionary<string, double> Features);

/// <summary>The body of <c>PUT /api/entities/{entity}/features</c>.</summary>
/// <param name="Rows">The instances to write, all or none (at most FeatureApi's <c>MaxBatchSize</c>, 1000 by default).</param>
public sealed record EntityBulkUpsertRequest(IReadOnlyList<EntityFeatureValues> Rows);

/// <summary>A page of an entity's keys in ascending order, from <c>GET /api/entities/{entity}</c>.</summary>
/// <param name="Entity">The entity.</param>
/// <param name="Keys">The keys of this page.</param>
/// <param name="NextCursor">Pass as <c>cursor</c> for the next page; null on the last page.</param>
public sealed record EntityPage(string Entity, IReadOnlyList<EntityKey> Keys, string? NextCursor);
