namespace FeatureAspire.Client;

/// <summary>The body of <c>POST /api/features/extract</c>.</summary>
/// <param name="UserId">The user whose stored and live features are looked up (1 to 2^63-1).</param>
/// <param name="CurrentValue">The request's <c>current_value</c>, a finite number.</param>
/// <param name="Features">Features to return, in this order; FeatureApi's default set (the derived features) when null.</param>
public sealed record ExtractRequest(long UserId, double CurrentValue, IReadOnlyList<string>? Features = null);

/// <summary>One request of a batch extract.</summary>
/// <param name="UserId">The user whose features are looked up (1 to 2^63-1).</param>
/// <param name="CurrentValue">The request's <c>current_value</c>, a finite number.</param>
public sealed record BatchExtractItem(long UserId, double CurrentValue);

/// <summary>The body of <c>POST /api/features/extract/batch</c>.</summary>
/// <param name="Requests">The extracts, answered in the same order (at most FeatureApi's <c>MaxBatchSize</c>, 1000 by default).</param>
/// <param name="Features">Features to return for every request; the default set when null.</param>
public sealed record BatchExtractRequest(IReadOnlyList<BatchExtractItem> Requests, IReadOnlyList<string>? Features = null);

/// <summary>
/// The body of <c>POST /api/features/extract</c> in the entities shape: the instances to look up, the request's values,
/// and which features (a list, a named set, or neither for the repository's default set).
/// </summary>
/// <param name="Entities">Entity name → key, for every entity the features read, such as <c>{"user":101,"item":"sku-9"}</c>.</param>
/// <param name="Request">Request field name → value, for every request field the features use; left out when null.</param>
/// <param name="Features">Features to return, in this order; null for a feature set or the default set.</param>
/// <param name="FeatureSet">A named feature set of the repository, instead of <paramref name="Features"/>.</param>
public sealed record EntityExtractRequest(IReadOnlyDictionary<string, EntityKey> Entities, IReadOnlyDictionary<string, double>? Request = null,
    IReadOnlyList<string>? Features = null, string? FeatureSet = null);

/// <summary>One row of a batch extract in the entities shape.</summary>
/// <param name="Entities">Entity name → key, for every entity the features read.</param>
/// <param name="Request">Request field name → value, for every request field the features use; left out when null.</param>
public sealed record EntityExtractItem(IReadOnlyDictionary<string, EntityKey> Entities, IReadOnlyDictionary<string, double>? Request = null);

/// <summary>The body of <c>POST /api/features/extract/batch</c> in the entities shape.</summary>
/// <param name="Requests">The rows, answered in the same order (at most FeatureApi's <c>MaxBatchSize</c>, 1000 by default).</param>
/// <param name="Features">Features to return for every row; null for a feature set or the default set.</param>
/// <param name="FeatureSet">A named feature set of the repository, instead of <paramref name="Features"/>.</param>
public sealed record EntityBatchExtractRequest(IReadOnlyList<EntityExtractItem> Requests, IReadOnlyList<string>? Features = null,
    string? FeatureSet = null);

/// <summary>The answer of a batch extract.</summary>
/// <param name="Results">One vector per request, in request order.</param>
public sealed record BatchExtractResponse(IReadOnlyList<FeatureVector> Results)
{
    /// <summary>
    /// The repository version that served the batch, when any row named its entities; null for a batch all in the
    /// seed's shape (whose answer is as it always was).
    /// </summary>
    public long? RegistryVersion { get; init; }
}
