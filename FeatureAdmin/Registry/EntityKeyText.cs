using System.Globalization;
using FeatureAspire.Client;

namespace FeatureAdmin.Registry;

/// <summary>An entity key as a person types it into the admin.</summary>
public static class EntityKeyText
{
    /// <summary>
    /// The key for <paramref name="entity"/>: a number for an <c>int64</c> entity when the text is one, otherwise the
    /// text as typed, trimmed. Nothing else is checked: featureapi says what is wrong with a key, in its own words.
    /// </summary>
    public static EntityKey Parse(EntityInfo entity, string? text)
    {
        var trimmed = (text ?? "").Trim();
        return entity.KeyType == EntityKeyType.Int64 && long.TryParse(trimmed, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
            ? new EntityKey(number)
            : new EntityKey(trimmed);
    }

    /// <summary>A key to start from: 1, or <c>item-1</c> (the first key the seeder writes for a string entity).</summary>
    public static string Sample(EntityInfo entity) => entity.KeyType == EntityKeyType.Int64 ? "1" : $"{entity.Name}-1";
}
