using System.Text.Json;
using System.Text.Json.Serialization;
using FeatureApi.Apis;
using FeatureApi.Apis.Contracts;
using Microsoft.AspNetCore.Mvc;

namespace FeatureApi.Json;

/// <summary>
/// Source-generated JSON for every contract type. Requests are strict: an unknown property is an error, so a
/// misspelled <c>"featurs"</c> is reported instead of silently returning the default set.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(ExtractRequest))]
[JsonSerializable(typeof(BatchExtractRequest))]
[JsonSerializable(typeof(CandidatesRequest))]
[JsonSerializable(typeof(CandidatesResponse))]
[JsonSerializable(typeof(ExtractResponse))]
[JsonSerializable(typeof(BatchExtractResponse))]
[JsonSerializable(typeof(FeatureDefinitionResponse[]))]
[JsonSerializable(typeof(BulkUpsertRequest))]
[JsonSerializable(typeof(BulkUpsertResponse))]
[JsonSerializable(typeof(FeatureValues))]
[JsonSerializable(typeof(UserFeaturesResponse))]
[JsonSerializable(typeof(UserPageResponse))]
[JsonSerializable(typeof(UserCountResponse))]
[JsonSerializable(typeof(StoreInfoResponse))]
[JsonSerializable(typeof(IngestEventsRequest))]
[JsonSerializable(typeof(IngestEventsResponse))]
[JsonSerializable(typeof(StoreRoundTrip))]
[JsonSerializable(typeof(EntityBulkUpsertRequest))]
[JsonSerializable(typeof(EntityFeaturesResponse))]
[JsonSerializable(typeof(EntityPageResponse))]
[JsonSerializable(typeof(FeatureApi.Registry.VersionRecord))]
[JsonSerializable(typeof(RegistryResponse))]
[JsonSerializable(typeof(PlanResponse))]
[JsonSerializable(typeof(RegistryHistoryResponse))]
[JsonSerializable(typeof(RegistryStatusResponse))]
[JsonSerializable(typeof(ProblemDetails))]
[JsonSerializable(typeof(HttpValidationProblemDetails))]
internal sealed partial class FeatureJsonContext : JsonSerializerContext;
