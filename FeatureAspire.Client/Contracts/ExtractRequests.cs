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

/// <summary>The answer of a batch extract.</summary>
/// <param name="Results">One vector per request, in request order.</param>
public sealed record BatchExtractResponse(IReadOnlyList<FeatureVector> Results);
