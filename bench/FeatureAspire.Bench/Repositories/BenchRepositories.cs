using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace FeatureAspire.Bench.Repositories;

/// <summary>
/// The repository documents the bench applies, derived from the one the store serves when a run starts (FeatureApi's
/// default repository), so that they keep every default feature and the default set exactly as FeatureApi ships
/// them: one that adds a second, string-keyed entity, and copies that differ from it only in their description.
/// </summary>
internal static class BenchRepositories
{
    public const string ItemEntity = "item";
    public const string ItemPrice = "item_price";

    /// <summary>A derived feature that needs both entities in one extract: the item's price per year of the user's age.</summary>
    public const string PricePerAge = "f_price_per_age";

    public static string ItemKey(long number) => string.Create(CultureInfo.InvariantCulture, $"sku-{number}");

    /// <summary>Deterministic prices of 1.00 to 250.75, so every run seeds the same items.</summary>
    public static double ItemPriceOf(long number) => 1 + number % 1_000 * 0.25;

    /// <summary>The document with an <c>item</c> entity (string keys), its stored price and a cross-entity derived feature.</summary>
    public static string WithItems(string document) => Edit(document, root =>
    {
        Sequence(root, "entities").Add(new YamlMappingNode
        {
            { "name", ItemEntity },
            { "key", "string" },
            { "description", "A catalog item, by SKU (added by bench/run for the two-entity extract)." },
        });
        var features = Sequence(root, "features");
        features.Add(new YamlMappingNode
        {
            { "name", ItemPrice },
            { "source", "stored" },
            { "entity", ItemEntity },
            { "type", "double" },
            { "default", "10.0" },
            { "description", "The item's price." },
        });
        features.Add(new YamlMappingNode
        {
            { "name", PricePerAge },
            { "source", "derived" },
            { "expression", $"{ItemPrice} / max(user_age, 1)" },
            { "description", "The item's price per year of the user's age: needs the user and the item." },
        });
    });

    /// <summary>The document with another description: a change every process must pick up that changes no answer.</summary>
    public static string WithDescription(string document, string description) =>
        Edit(document, root => root.Children[new YamlScalarNode("description")] = new YamlScalarNode(description));

    private static string Edit(string document, Action<YamlMappingNode> change)
    {
        var yaml = new YamlStream();
        yaml.Load(new StringReader(document));
        change((YamlMappingNode)yaml.Documents[0].RootNode);
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        // FeatureApi refuses anchors and aliases in a repository document.
        yaml.Save(text, assignAnchors: false);
        return text.ToString();
    }

    private static YamlSequenceNode Sequence(YamlMappingNode root, string key) =>
        root.Children.TryGetValue(new YamlScalarNode(key), out var node) && node is YamlSequenceNode sequence
            ? sequence
            : throw new InvalidOperationException($"The served repository has no '{key}' list to extend.");
}
