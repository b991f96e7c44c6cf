namespace FeatureAspire.Client;

/// <summary>A user's stored features and the time of the last write, from <c>GET /api/users/{id}/features</c>.</summary>
/// <param name="UserId">The user.</param>
/// <param name="Features">Stored feature name → value.</param>
/// <param name="UpdatedAt">When the user's features were last written, if known.</param>
public sealed record UserFeatures(long UserId, IReadOnlyDictionary<string, double> Features, DateTimeOffset? UpdatedAt);

/// <summary>One user's stored feature values in a bulk upsert.</summary>
/// <param name="UserId">The user (1 to 2^63-1); a user may appear once per request.</param>
/// <param name="Features">Stored feature name → value; features not named are left as they are.</param>
public sealed record UserFeatureValues(long UserId, IReadOnlyDictionary<string, double> Features);

/// <summary>The body of <c>PUT /api/users/features</c>.</summary>
/// <param name="Users">The users to write, all or none (at most FeatureApi's <c>MaxBatchSize</c>, 1000 by default).</param>
public sealed record BulkUpsertRequest(IReadOnlyList<UserFeatureValues> Users);

/// <summary>The answer of a bulk upsert.</summary>
/// <param name="Written">How many users were written.</param>
public sealed record BulkUpsertResponse(int Written);

/// <summary>A page of user ids in ascending order, from <c>GET /api/users</c>.</summary>
/// <param name="UserIds">The ids of this page.</param>
/// <param name="NextCursor">Pass as <c>cursor</c> for the next page; null on the last page.</param>
public sealed record UserPage(IReadOnlyList<long> UserIds, string? NextCursor);

/// <summary>The answer of <c>GET /api/users/count</c>.</summary>
/// <param name="Count">How many users have stored features.</param>
public sealed record UserCount(long Count);
