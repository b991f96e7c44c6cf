namespace FeatureApi.Definitions;

// A feature repository as a team writes it (YAML, or JSON: the same fields). Every field is optional here so that a
// missing one is reported by the validation with its place (features[4].expression), not by the parser. Field names
// are the contract: a held-back check writes its own documents.

/// <summary>A team's whole feature repository: what its entities are, what streams of events arrive, and its features.</summary>
public sealed class RepositoryDocument
{
    public string? Description { get; set; }
    public List<EntityDocument?>? Entities { get; set; }
    public List<StreamDocument?>? Streams { get; set; }
    public List<FeatureDocument?>? Features { get; set; }
    /// <summary>What an extract returns when it names no features and no feature set.</summary>
    public List<string?>? DefaultFeatures { get; set; }
    /// <summary>Named lists of features a model asks for by name (<c>"featureSet": "ranker_v2"</c>), like Feast's feature services.</summary>
    public List<FeatureSetDocument?>? FeatureSets { get; set; }
}

/// <summary>Something features describe (a user, an item), and the type of its key.</summary>
public sealed class EntityDocument
{
    public string? Name { get; set; }
    /// <summary><c>int64</c> (a positive 64-bit integer) or <c>string</c> (1–128 characters of [A-Za-z0-9._:-]).</summary>
    public string? Key { get; set; }
    public string? Description { get; set; }
    /// <summary><c>false</c> keeps this entity's stored features out of the near cache: every read goes to the store.</summary>
    public string? Cache { get; set; }
}

/// <summary>A stream of live events about one entity (clicks of a user, views of an item).</summary>
public sealed class StreamDocument
{
    public string? Name { get; set; }
    public string? Entity { get; set; }
    public string? Description { get; set; }
}

/// <summary>One feature: where its value comes from and how.</summary>
public sealed class FeatureDocument
{
    public string? Name { get; set; }
    /// <summary><c>stored</c>, <c>live</c>, <c>request</c> or <c>derived</c>.</summary>
    public string? Source { get; set; }
    /// <summary>The entity a stored feature belongs to.</summary>
    public string? Entity { get; set; }
    /// <summary><c>int</c>, <c>double</c> or <c>bool</c>; double when left out.</summary>
    public string? Type { get; set; }
    /// <summary>The value served when a stored input is missing or unavailable (a number, or true/false for bool).</summary>
    public string? Default { get; set; }
    public string? Description { get; set; }
    /// <summary>For stored features: the age past which a value is served as stale (<c>1d</c>, <c>12h</c>).</summary>
    public string? MaxAge { get; set; }
    /// <summary>For stored features: <c>false</c> makes every read that needs this feature go to the store.</summary>
    public string? Cache { get; set; }
    public string? Owner { get; set; }
    public List<string?>? Tags { get; set; }
    // Live features: a windowed aggregate of a stream, merged from time tiles.
    public string? Stream { get; set; }
    /// <summary><c>sum</c>, <c>count</c>, <c>avg</c>, <c>min</c> or <c>max</c>.</summary>
    public string? Aggregation { get; set; }
    public string? Window { get; set; }
    public string? Tile { get; set; }
    /// <summary>Derived features: an expression over other features and request fields.</summary>
    public string? Expression { get; set; }
}

/// <summary>A named list of features.</summary>
public sealed class FeatureSetDocument
{
    public string? Name { get; set; }
    public string? Description { get; set; }
    public List<string?>? Features { get; set; }
}
