namespace FeatureApi.Store;

/// <summary>Stored feature values to write for one user, validated against the registry.</summary>
public sealed record StoredFeatureValues(long UserId, IReadOnlyList<KeyValuePair<string, double>> Values);

/// <summary>A user's stored features as read back, with the time of the last write.</summary>
public sealed record StoredUser(long UserId, IReadOnlyDictionary<string, double> Features, DateTimeOffset? UpdatedAt);

/// <summary>One page of user ids in ascending order, and the cursor of the next page (null on the last).</summary>
public sealed record UserPage(IReadOnlyList<long> UserIds, string? NextCursor);
