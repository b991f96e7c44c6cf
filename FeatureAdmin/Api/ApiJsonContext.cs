using System.Text.Json;
using System.Text.Json.Serialization;

namespace FeatureAdmin.Api;

/// <summary>Source-generated serialization for the featureapi contract: camelCase, nulls left out of requests.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(IReadOnlyList<FeatureDefinition>))]
[JsonSerializable(typeof(ExtractRequest))]
[JsonSerializable(typeof(ExtractResponse))]
[JsonSerializable(typeof(BatchExtractRequest))]
[JsonSerializable(typeof(BatchExtractResponse))]
[JsonSerializable(typeof(UserFeatures))]
[JsonSerializable(typeof(IReadOnlyDictionary<string, double>))]
[JsonSerializable(typeof(BulkUserFeatures))]
[JsonSerializable(typeof(BulkWriteResult))]
[JsonSerializable(typeof(UserPage))]
[JsonSerializable(typeof(UserCount))]
[JsonSerializable(typeof(StoreInfo))]
[JsonSerializable(typeof(EventBatch))]
[JsonSerializable(typeof(EventsAccepted))]
[JsonSerializable(typeof(ApiProblem))]
internal sealed partial class ApiJsonContext : JsonSerializerContext;
