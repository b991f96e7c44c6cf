using System.Text.Json;
using System.Text.Json.Serialization;
using FeatureApi.Apis.Contracts;
using FeatureApi.Features;

namespace FeatureApi.Requests;

/// <summary>
/// Reads a JSON object of name → number, bounded as it is read: at most <see cref="FeatureRegistry.MaxFeatures"/>
/// names of at most <see cref="FeatureRegistry.MaxNameLength"/> bytes, each value a finite number or true/false (1/0,
/// for bool features). Which names are allowed, and whole-number and magnitude rules, are the validation's (they need
/// the registry). Serves <see cref="FeatureValues"/> (stored values) and <see cref="RequestValues"/> (request fields).
/// </summary>
internal abstract class NamedNumbersConverter<T> : JsonConverter<T>
    where T : class
{
    protected abstract T Create(IReadOnlyDictionary<string, double> values);

    protected abstract IReadOnlyDictionary<string, double> ValuesOf(T value);

    public override T? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        BoundedObject.Read(ref reader, FeatureRegistry.MaxFeatures, "name → number", static (ref Utf8JsonReader value, string name) => value.TokenType switch
        {
            JsonTokenType.True => 1,
            JsonTokenType.False => 0,
            JsonTokenType.Number when value.TryGetDouble(out var number) && double.IsFinite(number) => number,
            _ => throw RequestJsonException.At("." + name, $"{name} must be a finite number."),
        }) is { } values ? Create(values) : null;

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        foreach (var (name, number) in ValuesOf(value))
        {
            writer.WriteNumber(name, number);
        }
        writer.WriteEndObject();
    }
}

internal sealed class FeatureValuesConverter : NamedNumbersConverter<FeatureValues>
{
    protected override FeatureValues Create(IReadOnlyDictionary<string, double> values) => new(values);

    protected override IReadOnlyDictionary<string, double> ValuesOf(FeatureValues value) => value.Values;
}

internal sealed class RequestValuesConverter : NamedNumbersConverter<RequestValues>
{
    protected override RequestValues Create(IReadOnlyDictionary<string, double> values) => new(values);

    protected override IReadOnlyDictionary<string, double> ValuesOf(RequestValues value) => value.Values;
}

/// <summary>Reads <see cref="EntityKeys"/>: a JSON object of entity name → key (a number or a string), at most 64 entities.</summary>
internal sealed class EntityKeysConverter : JsonConverter<EntityKeys>
{
    public const int MaxEntities = 64;

    private static readonly EntityKeyConverter KeyConverter = new();

    public override EntityKeys? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        BoundedObject.Read(ref reader, MaxEntities, "entity name → key", static (ref Utf8JsonReader value, string name) =>
        {
            try
            {
                return KeyConverter.Read(ref value, typeof(EntityKey), JsonSerializerOptions.Default);
            }
            catch (JsonException)
            {
                throw RequestJsonException.At("." + name, $"The key of {name} is a whole number or a string.");
            }
        }) is { } keys ? new EntityKeys(keys) : null;

    public override void Write(Utf8JsonWriter writer, EntityKeys value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        foreach (var (name, key) in value.Keys)
        {
            writer.WritePropertyName(name);
            JsonSerializer.Serialize(writer, key, options);
        }
        writer.WriteEndObject();
    }
}

/// <summary>
/// Reads a request's JSON object of name → value, refusing while it reads: more than a bound of names, a name longer
/// than <see cref="FeatureRegistry.MaxNameLength"/>, a value its reader refuses.
/// </summary>
internal static class BoundedObject
{
    public delegate TValue ValueReader<TValue>(ref Utf8JsonReader reader, string name);

    public static Dictionary<string, TValue>? Read<TValue>(ref Utf8JsonReader reader, int maxNames, string shape, ValueReader<TValue> value)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw RequestJsonException.At("", $"Must be an object of {shape}.");
        }
        var values = new Dictionary<string, TValue>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (values.Count == maxNames || BoundedListConverter<string>.ValueBytes(ref reader) > FeatureRegistry.MaxNameLength)
            {
                throw RequestJsonException.At("", $"Holds at most {maxNames} names, each at most {FeatureRegistry.MaxNameLength} characters.");
            }
            var name = reader.GetString()!;
            reader.Read();
            values[name] = value(ref reader, name);
        }
        return values;
    }
}
