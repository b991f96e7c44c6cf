using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace FeatureAspire.Client;

/// <summary>
/// The key of one entity instance, as its entity declares it: a positive 64-bit integer (an <c>int64</c> entity such
/// as <c>user</c>) or a string of 1 to 128 characters of A-Z, a-z, 0-9, '.', '_', ':' and '-' (a <c>string</c> entity
/// such as <c>item</c>). On the wire it is a JSON number or a JSON string; FeatureApi refuses a key of the other kind.
/// Converts implicitly from <see cref="long"/> and <see cref="string"/>, so <c>["user"] = 101, ["item"] = "sku-9"</c>
/// fills a dictionary of keys.
/// </summary>
[JsonConverter(typeof(EntityKeyJsonConverter))]
public readonly record struct EntityKey
{
    private readonly string? text;

    /// <summary>A number key, for an <c>int64</c> entity.</summary>
    /// <param name="number">The key (1 to 2^63-1 for FeatureApi to accept it).</param>
    public EntityKey(long number) => Number = number;

    /// <summary>A string key, for a <c>string</c> entity.</summary>
    /// <param name="text">The key (1 to 128 characters of A-Z, a-z, 0-9, '.', '_', ':' and '-' for FeatureApi to accept it).</param>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    public EntityKey(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        this.text = text;
    }

    /// <summary>The number of a number key; 0 for a string key.</summary>
    public long Number { get; }

    /// <summary>The text of a string key; null for a number key.</summary>
    public string? Text => text;

    /// <summary>True for a number key (JSON number), false for a string key (JSON string).</summary>
    public bool IsNumber => text is null;

    /// <summary>A number key.</summary>
    /// <param name="number">The key.</param>
    public static implicit operator EntityKey(long number) => new(number);

    /// <summary>A string key.</summary>
    /// <param name="text">The key; not null.</param>
    public static implicit operator EntityKey(string text) => new(text);

    /// <summary>A number key; the named alternative to the implicit conversion.</summary>
    /// <param name="number">The key.</param>
    public static EntityKey FromInt64(long number) => new(number);

    /// <summary>A string key; the named alternative to the implicit conversion.</summary>
    /// <param name="text">The key; not null.</param>
    public static EntityKey FromString(string text) => new(text);

    /// <summary>The key as it appears in a URL and in FeatureApi's messages: the number in invariant digits, or the text.</summary>
    public override string ToString() => text ?? Number.ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// An <see cref="EntityKey"/> on the wire: a JSON number (a whole number that fits 64 bits) or a JSON string, as
/// FeatureApi writes and reads it; anything else is not a key.
/// </summary>
internal sealed class EntityKeyJsonConverter : JsonConverter<EntityKey>
{
    public override EntityKey Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.Number when reader.TryGetInt64(out var number) => new EntityKey(number),
        JsonTokenType.String => new EntityKey(reader.GetString()!),
        _ => throw new JsonException("An entity key is a whole number or a string."),
    };

    public override void Write(Utf8JsonWriter writer, EntityKey value, JsonSerializerOptions options)
    {
        if (value.IsNumber)
        {
            writer.WriteNumberValue(value.Number);
        }
        else
        {
            writer.WriteStringValue(value.Text);
        }
    }
}
