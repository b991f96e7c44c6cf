using System.Text.Json;

namespace FeatureAdmin.Api;

// The featureapi HTTP contract, as the admin reads and writes it.

/// <summary>One entry of the feature registry.</summary>
public sealed record FeatureDefinition(
    string Name, string Kind, string? Type, JsonElement? Default, string? Description, IReadOnlyList<string>? Inputs)
{
    public const string StoredKind = "stored";
    public const string RequestKind = "request";

    /// <summary>The default as the API wrote it, or empty when it has none.</summary>
    public string DefaultText => Default is { ValueKind: not JsonValueKind.Null and not JsonValueKind.Undefined } value
        ? value.GetRawText()
        : "";
}

public sealed record ExtractRequest(long UserId, double? CurrentValue, IReadOnlyList<string>? Features = null);

public sealed record ExtractResponse(
    long UserId, IReadOnlyDictionary<string, double> Features, IReadOnlyDictionary<string, string> Status, bool Degraded);

public sealed record BatchExtractRequest(IReadOnlyList<ExtractRequest> Requests, IReadOnlyList<string>? Features = null);

public sealed record BatchExtractResponse(IReadOnlyList<ExtractResponse> Results);

public sealed record UserFeatures(long UserId, IReadOnlyDictionary<string, double> Features, DateTimeOffset? UpdatedAt);

public sealed record UserFeatureWrite(long UserId, IReadOnlyDictionary<string, double> Features);

public sealed record BulkUserFeatures(IReadOnlyList<UserFeatureWrite> Users);

public sealed record BulkWriteResult(int Written);

public sealed record UserPage(IReadOnlyList<long> UserIds, string? NextCursor);

public sealed record UserCount(long Count);

/// <summary>Which server holds the features (<c>redis</c> or <c>garnet</c>), its version and whether it answers.</summary>
public sealed record StoreInfo(string Server, string? Version, bool Healthy);

/// <summary>One event; featureapi counts an <see cref="EventId"/> once per user, so a retried send cannot count twice.</summary>
public sealed record FeatureEvent(long UserId, string Stream, double Value, DateTimeOffset? Timestamp, string? EventId = null);

public sealed record EventBatch(IReadOnlyList<FeatureEvent> Events);

/// <summary>featureapi's answer to events: how many it counted, and how many it had already counted before (by event id).</summary>
public sealed record EventsAccepted(int Accepted, int Duplicates);

/// <summary>The parts of an RFC 7807 problem the admin shows to a person.</summary>
public sealed record ApiProblem(string? Title, string? Detail, int? Status, IReadOnlyDictionary<string, string[]>? Errors);
