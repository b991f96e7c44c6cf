using System.Text.Json;
using System.Text.Json.Serialization;

namespace FeatureAdmin.Probe;

/// <summary>Source-generated JSON for exported runs: indented, enums as names.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true, UseStringEnumConverter = true)]
[JsonSerializable(typeof(ProbeResult))]
internal sealed partial class ProbeJsonContext : JsonSerializerContext;
