using FeatureAdmin.Registry;
using FeatureApi.Definitions;
using FeatureAspire.Client;
using FeatureAspire.Tests.Registry;

namespace FeatureAspire.Tests.Admin;

/// <summary>The repositories the admin's tests plan, apply and read.</summary>
internal static class AdminRepositories
{
    /// <summary>
    /// The default repository plus a string-keyed item with a stored price and stock flag, a request field, a
    /// cross-entity derived feature and a feature set: only additions, so applying it breaks nothing the other admin
    /// tests use, and rolling back restores them exactly.
    /// </summary>
    public static string DefaultWithItems { get; } = DefaultRepository.Text
        .Replace("entities:\n", """
            entities:
              - name: item
                key: string
                description: An item of the catalog, by SKU.

            """, StringComparison.Ordinal)
        .Replace("defaultFeatures:", """
              - name: item_price
                source: stored
                entity: item
                default: 10
                description: The item's price.
              - name: item_in_stock
                source: stored
                entity: item
                type: bool
                default: true
              - name: discount
                source: request
                description: The discount offered, 0 to 1.
              - name: price_per_year
                source: derived
                expression: item_price * (1 - discount) / max(user_age, 1)
            featureSets:
              - name: ranker
                features: [price_per_year, f_recency_score]
            defaultFeatures:
            """, StringComparison.Ordinal);

    /// <summary>The team repository of the registry tests as the admin reads it: definitions as featureapi lists them, and the outline.</summary>
    public static RegistryView TeamView { get; } = new(
        [
            Feature("user_age", FeatureKind.Stored, FeatureValueType.Int, entity: "user"),
            Feature("item_price", FeatureKind.Stored, entity: "item"),
            Feature("item_views_1h", FeatureKind.Live, entity: "item"),
            Feature("discount", FeatureKind.Request),
            Feature("price_per_year", FeatureKind.Derived, inputs: ["item_price", "discount", "user_age"]),
            Feature("is_popular", FeatureKind.Derived, FeatureValueType.Bool, inputs: ["item_views_1h"]),
        ],
        RepositoryOutline.Read(TeamRepository.Yaml).Outline);

    public static FeatureDefinition Feature(string name, FeatureKind kind, FeatureValueType type = FeatureValueType.Double, string? entity = null,
        IReadOnlyList<string>? inputs = null) =>
        new(name, kind, type, 0, "", inputs ?? [], null, null) { Entity = entity };
}
