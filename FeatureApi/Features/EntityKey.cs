using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace FeatureApi.Features;

/// <summary>
/// The key of one entity instance: a positive 64-bit integer (<see cref="Number"/>) or a string of 1–128 characters
/// of [A-Za-z0-9._:-] (<see cref="Text"/>), whichever its entity declares. Validated before it reaches a key name,
/// so it can never end a hash tag (<c>}</c>) or start another part.
/// </summary>
[JsonConverter(typeof(EntityKeyConverter))]
public readonly record struct EntityKey(long Number, string? Text)
{
    public static EntityKey Of(long number) => new(number, null);

    public static EntityKey Of(string text) => new(0, text);

    public bool IsText => Text is not null;

    /// <summary>Whether this key is valid for <paramref name="type"/>, and if not, why.</summary>
    public string? Problem(EntityKeyType type) => type switch
    {
        EntityKeyType.Int64 when IsText => "must be a positive 64-bit integer.",
        EntityKeyType.Int64 when Number <= 0 => "must be a positive 64-bit integer.",
        EntityKeyType.String when !IsText => "must be a string.",
        EntityKeyType.String when !IsValidText(Text!) => $"must be 1 to {EntityDefinition.MaxStringKeyLength} characters of A-Z, a-z, 0-9, '.', '_', ':' and '-', not only dots.",
        _ => null,
    };

    private static readonly SearchValues<char> KeyCharacters =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._:-");

    /// <summary>
    /// 1–128 of the key characters, and not dots alone: <c>.</c> and <c>..</c> are path segments that URLs remove, so
    /// such a key could be written in a bulk call but never addressed in <c>/api/entities/{entity}/{key}</c>.
    /// </summary>
    public static bool IsValidText(string text) =>
        text.Length is > 0 and <= EntityDefinition.MaxStringKeyLength && !text.AsSpan().ContainsAnyExcept(KeyCharacters)
        && text.AsSpan().ContainsAnyExcept('.');

    public override string ToString() => Text ?? Number.ToString(CultureInfo.InvariantCulture);
}

/// <summary>An entity key on the wire: a JSON number or string, as its entity's key type says; anything else is an error.</summary>
internal sealed class EntityKeyConverter : JsonConverter<EntityKey>
{
    public override EntityKey Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.Number when reader.TryGetInt64(out var number) => EntityKey.Of(number),
        // Longer strings are refused by validation; never decode a huge one.
        JsonTokenType.String when (reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length) <= 4 * EntityDefinition.MaxStringKeyLength
            => EntityKey.Of(reader.GetString()!),
        JsonTokenType.String => EntityKey.Of(new string('!', EntityDefinition.MaxStringKeyLength + 1)),
        _ => throw new JsonException("An entity key is a whole number or a string."),
    };

    public override void Write(Utf8JsonWriter writer, EntityKey value, JsonSerializerOptions options)
    {
        if (value.IsText)
        {
            writer.WriteStringValue(value.Text);
        }
        else
        {
            writer.WriteNumberValue(value.Number);
        }
    }
}
