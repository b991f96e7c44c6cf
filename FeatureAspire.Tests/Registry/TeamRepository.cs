namespace FeatureAspire.Tests.Registry;

/// <summary>
/// A team's own repository, as a test writes it: the seed's user, a string-keyed item with a stored price and a live
/// count on its own stream, a request field, cross-entity derived features and a named feature set.
/// </summary>
internal static class TeamRepository
{
    public const string Yaml = """
        description: A team's ranker features.
        entities:
          - name: user
            key: int64
          - name: item
            key: string
        streams:
          - name: clicks
            entity: user
          - name: views
            entity: item
        features:
          - name: user_age
            source: stored
            entity: user
            type: int
            default: 30
          - name: item_price
            source: stored
            entity: item
            default: 10
            maxAge: 1d
            owner: pricing
            tags: [money]
          - name: item_views_1h
            source: live
            stream: views
            aggregation: count
            window: 1h
            tile: 5m
          - name: discount
            source: request
          - name: price_per_year
            source: derived
            expression: item_price * (1 - discount) / max(user_age, 1)
          - name: is_popular
            source: derived
            type: bool
            expression: item_views_1h >= 3
        featureSets:
          - name: ranker_v2
            features: [price_per_year, is_popular, item_views_1h]
        defaultFeatures: [price_per_year]
        """;
}
