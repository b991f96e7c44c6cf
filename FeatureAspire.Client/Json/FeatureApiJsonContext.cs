using System.Text.Json;
using System.Text.Json.Serialization;

namespace FeatureAspire.Client;

/// <summary>
/// Source-generated JSON for FeatureApi's contract: camelCase names, string enums, and nulls left out of requests
/// (FeatureApi refuses properties it does not know, so an optional field is sent only when set). Answers are read
/// leniently: a property a newer FeatureApi adds is ignored.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(ExtractRequest))]
[JsonSerializable(typeof(BatchExtractRequest))]
[JsonSerializable(typeof(FeatureVector))]
[JsonSerializable(typeof(BatchExtractResponse))]
[JsonSerializable(typeof(FeatureDefinition[]))]
[JsonSerializable(typeof(IReadOnlyDictionary<string, double>))]
[JsonSerializable(typeof(UserFeatures))]
[JsonSerializable(typeof(BulkUpsertRequest))]
[JsonSerializable(typeof(BulkUpsertResponse))]
[JsonSerializable(typeof(UserPage))]
[JsonSerializable(typeof(UserCount))]
[JsonSerializable(typeof(IngestEventsRequest))]
[JsonSerializable(typeof(EventsAccepted))]
[JsonSerializable(typeof(StoreInfo))]
[JsonSerializable(typeof(StoreRoundTrip))]
[JsonSerializable(typeof(EntityExtractRequest))]
[JsonSerializable(typeof(EntityBatchExtractRequest))]
[JsonSerializable(typeof(CandidatesRequest))]
[JsonSerializable(typeof(CandidateVectors))]
[JsonSerializable(typeof(EntityBulkUpsertRequest))]
[JsonSerializable(typeof(EntityFeatures))]
[JsonSerializable(typeof(EntityPage))]
[JsonSerializable(typeof(RegistryDocument))]
[JsonSerializable(typeof(RegistryPlan))]
[JsonSerializable(typeof(RegistryHistory))]
[JsonSerializable(typeof(RegistryStatus))]
[JsonSerializable(typeof(FeatureApiProblem))]
public sealed partial class FeatureApiJsonContext : JsonSerializerContext;
