using System.Text.Json;
using System.Text.Json.Serialization;
using FeatureApi.Apis.Contracts;
using FeatureApi.Features;

namespace FeatureApi.Requests;

/// <summary>
/// Reads <see cref="FeatureValues"/>, a JSON object of feature name → number, bounded as it is read: at most
/// <see cref="FeatureRegistry.MaxFeatures"/> names of at most <see cref="FeatureRegistry.MaxNameLength"/> bytes, each
/// value a finite number. Whether a name is a stored feature, and whole-number and magnitude rules, are the
/// validation's (they need the registry).
/// </summary>
internal sealed class FeatureValuesConverter : JsonConverter<FeatureValues>
{
    private const int maxEntries = FeatureRegistry.MaxFeatures;
    private const int maxNameBytes = FeatureRegistry.MaxNameLength;

    public override FeatureValues? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw RequestJsonException.At("", "Must be an object of feature name → number.");
        }
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (values.Count == maxEntries)
            {
                throw RequestJsonException.At("", $"Holds at most {maxEntries} features.");
            }
            if (BoundedListConverter<string>.ValueBytes(ref reader) > maxNameBytes)
            {
                throw RequestJsonException.At("", $"A feature name is at most {maxNameBytes} characters.");
            }
            var name = reader.GetString()!;
            reader.Read();
            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetDouble(out var value) || !double.IsFinite(value))
            {
                throw RequestJsonException.At("." + name, $"{name} must be a finite number.");
            }
            values[name] = value;
        }
        return new FeatureValues(values);
    }

    public override void Write(Utf8JsonWriter writer, FeatureValues value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        foreach (var (name, number) in value.Values)
        {
            writer.WriteNumber(name, number);
        }
        writer.WriteEndObject();
    }
}
