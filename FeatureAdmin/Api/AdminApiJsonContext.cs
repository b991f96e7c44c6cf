using System.Text.Json;
using System.Text.Json.Serialization;

namespace FeatureAdmin.Api;

/// <summary>Source-generated JSON for the featureapi answers the admin reads without the client (see <see cref="StoreOverviewReader"/>).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(StoreAnswer))]
internal sealed partial class AdminApiJsonContext : JsonSerializerContext;
