using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace FeatureApi.Requests;

/// <summary>
/// Reads a request's list and stops at <see cref="MaxItems"/>: a longer list is refused while it is being parsed, so
/// a 4 MB body of a million empty items costs neither a million objects nor a million errors. String items longer
/// than <see cref="MaxStringBytes"/> are refused before they are decoded. Registered per list type in the HTTP JSON
/// options (<see cref="RequestBindingExtensions"/>), where the source-generated contracts find it; it writes lists
/// (answers reuse the type) as the serializer would.
/// </summary>
internal sealed class BoundedListConverter<T>(int maxItems, int maxStringBytes = int.MaxValue) : JsonConverter<IReadOnlyList<T>>
{
    public int MaxItems { get; } = maxItems;

    public int MaxStringBytes { get; } = maxStringBytes;

    public override IReadOnlyList<T>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw RequestJsonException.At("", "Must be a list.");
        }
        var item = (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T));
        var items = new List<T>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (items.Count == MaxItems)
            {
                throw RequestJsonException.At("", $"Holds at most {MaxItems} items.");
            }
            if (reader.TokenType == JsonTokenType.String && ValueBytes(ref reader) > MaxStringBytes)
            {
                throw RequestJsonException.At($"[{items.Count}]", $"Must be at most {MaxStringBytes} characters.");
            }
            try
            {
                items.Add(JsonSerializer.Deserialize(ref reader, item)!);
            }
            catch (JsonException nested)
            {
                throw RequestJsonException.Within($"[{items.Count}]", nested);
            }
        }
        return items;
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<T> value, JsonSerializerOptions options)
    {
        var item = (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T));
        writer.WriteStartArray();
        foreach (var element in value)
        {
            JsonSerializer.Serialize(writer, element, item);
        }
        writer.WriteEndArray();
    }

    internal static long ValueBytes(ref Utf8JsonReader reader) => reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length;
}
