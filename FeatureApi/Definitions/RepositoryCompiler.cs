using System.Globalization;
using System.Text.RegularExpressions;
using FeatureApi.Definitions.Expressions;
using FeatureApi.Features;
using StackExchange.Redis;

namespace FeatureApi.Definitions;

/// <summary>
/// Turns a repository document into a <see cref="FeatureRegistry"/>, or into every reason it cannot be one, each at
/// its place (<c>features[4].expression</c>). The whole document is validated before anything is built, and compiling
/// (expressions included) happens here, once, off the request path.
/// </summary>
public static partial class RepositoryCompiler
{
    /// <summary>Errors reported at most; a document with more has bigger problems than a list can say.</summary>
    public const int MaxErrors = 100;

    /// <summary>The most tiles one live feature may merge per read: a bound on what one extract asks of the store.</summary>
    public const int MaxTilesRead = 1000;

    public static readonly TimeSpan MinTile = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaxWindow = TimeSpan.FromDays(365);

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,127}$")]
    private static partial Regex FeatureName();

    // Entity and stream names become parts of store keys: lower case, and short.
    [GeneratedRegex("^[a-z][a-z0-9_]{0,63}$")]
    private static partial Regex KeyPartName();

    /// <param name="maxAge">Per stored feature, a maximum age set in configuration, over the document's.</param>
    public static RepositoryCompilation Compile(RepositoryDocument document, long version, IReadOnlyDictionary<string, TimeSpan>? maxAge = null)
    {
        var errors = new List<DefinitionError>();
        void Error(string field, string message)
        {
            if (errors.Count < MaxErrors)
            {
                errors.Add(new DefinitionError(field, message));
            }
        }

        var entities = CompileEntities(document.Entities, Error);
        var streams = CompileStreams(document.Streams, entities, Error);
        var (features, declared) = DeclareFeatures(document.Features, entities, streams, maxAge, Error);
        var order = CompileExpressions(declared, features, Error);
        var defaults = ResolveNames(document.DefaultFeatures, "defaultFeatures", features, Error)
            ?? [.. features.Values.Where(f => f.Kind == FeatureKind.Derived).DefaultIfEmpty().Where(f => f is not null).Select(f => f!)];
        if (defaults.Count == 0)
        {
            defaults = [.. features.Values];
        }
        var sets = CompileSets(document.FeatureSets, features, Error);
        if (errors.Count > 0)
        {
            return RepositoryCompilation.Failed(errors);
        }

        var all = declared.Select(d => d.Feature).ToArray();
        var series = CreateTileSeries(all);
        foreach (var feature in all.Where(f => f.Live is not null))
        {
            feature.Series = [.. FieldsOf(feature.Live!.Aggregation).Select(field =>
                series.Single(s => s.Stream == feature.Live.Stream && s.TileSize == feature.Live.TileSize && s.Field == field))];
        }
        foreach (var entity in entities.Values)
        {
            entity.Stored = [.. all.Where(f => f.Kind == FeatureKind.Stored && f.Entity == entity)];
            entity.LookupFields = [.. entity.Stored.SelectMany(f => new RedisValue[] { f.Name, "ts:" + f.Name })];
            entity.Series = [.. series.Where(s => s.Stream.Entity == entity)];
            entity.StoredNames = string.Join(", ", entity.Stored.Select(f => f.Name));
        }
        return RepositoryCompilation.Succeeded(new FeatureRegistry(version, [.. entities.Values], [.. streams.Values], all, order, series, defaults, sets));
    }

    private static Dictionary<string, EntityDefinition> CompileEntities(List<EntityDocument?>? documents, Action<string, string> error)
    {
        var entities = new Dictionary<string, EntityDefinition>(StringComparer.Ordinal);
        foreach (var (entity, i) in (documents ?? []).Select((e, i) => (e, i)))
        {
            var at = $"entities[{i}]";
            if (entity is null)
            {
                error(at, "Each entity must be an object with a name and a key type.");
                continue;
            }
            var nameOk = CheckName(entity.Name, $"{at}.name", KeyPartName(), "lower-case letters, digits and _, starting with a letter, at most 64", error);
            if (nameOk && entity.Name == "u")
            {
                error($"{at}.name", "'u' is reserved (the seed's user keys use it).");
                nameOk = false;
            }
            if (nameOk && entities.ContainsKey(entity.Name!))
            {
                error($"{at}.name", $"Entity '{entity.Name}' is declared twice.");
                nameOk = false;
            }
            EntityKeyType? keyType = entity.Key switch
            {
                "int64" => EntityKeyType.Int64,
                "string" => EntityKeyType.String,
                _ => null,
            };
            if (keyType is null)
            {
                error($"{at}.key", entity.Key is null ? "The key type is required: int64 or string." : $"Unknown key type '{entity.Key}': int64 or string.");
            }
            var cached = CompileCache(entity.Cache, $"{at}.cache", error);
            if (nameOk && keyType is { } type)
            {
                entities[entity.Name!] = new EntityDefinition(entity.Name!, type, entity.Description ?? "", entities.Count) { Cached = cached };
            }
        }
        return entities;
    }

    private static Dictionary<string, EventStream> CompileStreams(List<StreamDocument?>? documents, Dictionary<string, EntityDefinition> entities,
        Action<string, string> error)
    {
        var streams = new Dictionary<string, EventStream>(StringComparer.Ordinal);
        foreach (var (stream, i) in (documents ?? []).Select((s, i) => (s, i)))
        {
            var at = $"streams[{i}]";
            if (stream is null)
            {
                error(at, "Each stream must be an object with a name and an entity.");
                continue;
            }
            var nameOk = CheckName(stream.Name, $"{at}.name", KeyPartName(), "lower-case letters, digits and _, starting with a letter, at most 64", error);
            if (nameOk && streams.ContainsKey(stream.Name!))
            {
                error($"{at}.name", $"Stream '{stream.Name}' is declared twice.");
                nameOk = false;
            }
            var entity = FindEntity(stream.Entity, $"{at}.entity", entities, error);
            if (nameOk && entity is not null)
            {
                streams[stream.Name!] = new EventStream(stream.Name!, stream.Description ?? "", entity);
            }
        }
        return streams;
    }

    /// <summary>A feature being compiled: its definition, and for derived features its parsed expression.</summary>
    private sealed record Declared(FeatureDefinition Feature, int Index, FeatureExpression? Expression);

    private static (Dictionary<string, FeatureDefinition> ByName, List<Declared> InOrder) DeclareFeatures(List<FeatureDocument?>? documents,
        Dictionary<string, EntityDefinition> entities, Dictionary<string, EventStream> streams, IReadOnlyDictionary<string, TimeSpan>? maxAgeOverrides,
        Action<string, string> error)
    {
        var byName = new Dictionary<string, FeatureDefinition>(StringComparer.Ordinal);
        var declared = new List<Declared>();
        var requestIndex = 0;
        var list = documents ?? [];
        if (list.Count == 0)
        {
            error("features", "Declare at least one feature.");
        }
        if (list.Count > FeatureRegistry.MaxFeatures)
        {
            error("features", $"A repository holds at most {FeatureRegistry.MaxFeatures} features; this one has {list.Count}.");
            return (byName, declared);
        }
        var storedIndex = new Dictionary<EntityDefinition, int>();
        foreach (var (feature, i) in list.Select((f, i) => (f, i)))
        {
            var at = $"features[{i}]";
            if (feature is null)
            {
                error(at, "Each feature must be an object with a name and a source.");
                continue;
            }
            var nameOk = CheckName(feature.Name, $"{at}.name", FeatureName(), "letters, digits and _, not starting with a digit, at most 128", error);
            if (nameOk && !FeatureExpression.IsInputName(feature.Name!))
            {
                error($"{at}.name", $"'{feature.Name}' is reserved in expressions (a function, true or false).");
                nameOk = false;
            }
            if (nameOk && byName.ContainsKey(feature.Name!))
            {
                error($"{at}.name", $"Feature '{feature.Name}' is declared twice.");
                nameOk = false;
            }
            FeatureKind? kind = feature.Source switch
            {
                "stored" => FeatureKind.Stored,
                "live" => FeatureKind.Live,
                "request" => FeatureKind.Request,
                "derived" => FeatureKind.Derived,
                _ => null,
            };
            if (kind is null)
            {
                error($"{at}.source", feature.Source is null
                    ? "The source is required: stored, live, request or derived."
                    : $"Unknown source '{feature.Source}': stored, live, request or derived.");
                continue;
            }
            var type = CompileType(feature, kind.Value, at, error);
            var defaultValue = type is { } t ? CompileDefault(feature.Default, t, $"{at}.default", error) : 0;
            Forbid(feature, kind.Value, at, error);

            EntityDefinition? entity = null;
            LiveAggregate? live = null;
            TimeSpan? maxAge = null;
            var cached = CompileCache(feature.Cache, $"{at}.cache", error);
            FeatureExpression? expression = null;
            switch (kind.Value)
            {
                case FeatureKind.Stored:
                    entity = FindEntity(feature.Entity, $"{at}.entity", entities, error);
                    if (feature.Name is not null && maxAgeOverrides?.TryGetValue(feature.Name, out var configured) == true)
                    {
                        maxAge = configured;
                    }
                    else if (feature.MaxAge is not null)
                    {
                        maxAge = DurationText.TryParse(feature.MaxAge, out var age) && age > TimeSpan.Zero ? age : null;
                        if (maxAge is null)
                        {
                            error($"{at}.maxAge", $"'{feature.MaxAge}' is not a duration such as 30s, 5m, 12h or 7d.");
                        }
                    }
                    break;
                case FeatureKind.Live:
                    live = CompileLive(feature, streams, at, error);
                    entity = live?.Stream.Entity;
                    if (live is not null && feature.Entity is not null && feature.Entity != live.Stream.Entity.Name)
                    {
                        error($"{at}.entity", $"A live feature belongs to its stream's entity, '{live.Stream.Entity.Name}'.");
                    }
                    break;
                case FeatureKind.Derived:
                    if (string.IsNullOrWhiteSpace(feature.Expression))
                    {
                        error($"{at}.expression", "A derived feature needs an expression.");
                    }
                    else if (!FeatureExpression.TryParse(feature.Expression, out expression, out var parseError))
                    {
                        error($"{at}.expression", $"{parseError!.Message} (at character {parseError.Position + 1}).");
                    }
                    break;
            }
            if (!nameOk || type is null || (kind is FeatureKind.Stored or FeatureKind.Live && entity is null))
            {
                continue;
            }
            var definition = new FeatureDefinition(feature.Name!, kind.Value, type.Value, defaultValue, feature.Description ?? "", declared.Count)
            {
                Entity = entity,
                MaxAge = maxAge,
                Cached = cached,
                Owner = feature.Owner,
                Tags = [.. (feature.Tags ?? []).Where(t => t is not null).Select(t => t!)],
                Live = live,
                Expression = feature.Expression,
                StoredIndex = kind == FeatureKind.Stored ? Next(storedIndex, entity!) : -1,
                RequestIndex = kind == FeatureKind.Request ? requestIndex++ : -1,
            };
            byName[definition.Name] = definition;
            declared.Add(new Declared(definition, i, expression));
        }
        return (byName, declared);
    }

    private static int Next(Dictionary<EntityDefinition, int> counters, EntityDefinition entity)
    {
        var next = counters.GetValueOrDefault(entity);
        counters[entity] = next + 1;
        return next;
    }

    private static FeatureValueType? CompileType(FeatureDocument feature, FeatureKind kind, string at, Action<string, string> error)
    {
        FeatureValueType? type = feature.Type switch
        {
            null or "double" => FeatureValueType.Double,
            "int" => FeatureValueType.Int,
            "bool" => FeatureValueType.Bool,
            _ => null,
        };
        if (type is null)
        {
            error($"{at}.type", $"Unknown type '{feature.Type}': int, double or bool.");
        }
        else if (kind == FeatureKind.Live && type == FeatureValueType.Bool)
        {
            error($"{at}.type", "A live feature is a number (int or double).");
            return null;
        }
        return type;
    }

    /// <summary><c>cache</c>: true (the default) or false.</summary>
    private static bool CompileCache(string? text, string at, Action<string, string> error)
    {
        switch (text)
        {
            case null or "true":
                return true;
            case "false":
                return false;
            default:
                error(at, $"'{text}' is not true or false.");
                return true;
        }
    }

    private static double CompileDefault(string? text, FeatureValueType type, string at, Action<string, string> error)
    {
        if (text is null)
        {
            return 0;
        }
        if (type == FeatureValueType.Bool)
        {
            switch (text)
            {
                case "true" or "1":
                    return 1;
                case "false" or "0":
                    return 0;
                default:
                    error(at, "The default of a bool feature is true or false.");
                    return 0;
            }
        }
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value) || Math.Abs(value) > 1e15)
        {
            error(at, $"'{text}' is not a finite number within ±1e15.");
            return 0;
        }
        if (type == FeatureValueType.Int && (value != Math.Floor(value) || Math.Abs(value) > int.MaxValue))
        {
            error(at, "The default of an int feature is a whole number.");
        }
        return value;
    }

    /// <summary>Fields that do not belong to the feature's source are refused, so a misplaced one is not silently ignored.</summary>
    private static void Forbid(FeatureDocument feature, FeatureKind kind, string at, Action<string, string> error)
    {
        void Not(string? value, string field, string why)
        {
            if (value is not null)
            {
                error($"{at}.{field}", why);
            }
        }
        var source = feature.Source;
        if (kind != FeatureKind.Stored)
        {
            Not(feature.MaxAge, "maxAge", $"Only stored features have a maxAge; this one is {source}.");
            Not(feature.Cache, "cache", $"Only stored features are cached (live aggregates never are); this one is {source}.");
        }
        if (kind is FeatureKind.Request or FeatureKind.Derived)
        {
            Not(feature.Entity, "entity", $"A {source} feature belongs to no entity; its inputs do.");
        }
        if (kind != FeatureKind.Live)
        {
            Not(feature.Stream, "stream", $"Only live features read a stream; this one is {source}.");
            Not(feature.Aggregation, "aggregation", $"Only live features aggregate; this one is {source}.");
            Not(feature.Window, "window", $"Only live features have a window; this one is {source}.");
            Not(feature.Tile, "tile", $"Only live features have a tile; this one is {source}.");
        }
        if (kind != FeatureKind.Derived)
        {
            Not(feature.Expression, "expression", $"Only derived features have an expression; this one is {source}.");
        }
    }

    private static LiveAggregate? CompileLive(FeatureDocument feature, Dictionary<string, EventStream> streams, string at, Action<string, string> error)
    {
        EventStream? stream = null;
        if (feature.Stream is null)
        {
            error($"{at}.stream", "A live feature names the stream it aggregates.");
        }
        else if (!streams.TryGetValue(feature.Stream, out stream))
        {
            error($"{at}.stream", $"Unknown stream '{feature.Stream}'.{(streams.Count == 0 ? " Declare it under streams." : $" Streams: {string.Join(", ", streams.Keys)}.")}");
        }
        Aggregation? aggregation = feature.Aggregation switch
        {
            "sum" => Aggregation.Sum,
            "count" => Aggregation.Count,
            "avg" => Aggregation.Avg,
            "min" => Aggregation.Min,
            "max" => Aggregation.Max,
            _ => null,
        };
        if (aggregation is null)
        {
            error($"{at}.aggregation", feature.Aggregation is null
                ? "A live feature needs an aggregation: sum, count, avg, min or max."
                : $"Unknown aggregation '{feature.Aggregation}': sum, count, avg, min or max.");
        }
        var window = Duration(feature.Window, $"{at}.window", error);
        var tile = Duration(feature.Tile, $"{at}.tile", error);
        if (window is not { } w || tile is not { } t)
        {
            return null;
        }
        var ok = true;
        void Fail(string field, string message)
        {
            error(field, message);
            ok = false;
        }
        if (t < MinTile)
        {
            Fail($"{at}.tile", $"A tile is at least {DurationText.Format(MinTile)}.");
        }
        else if (t > w)
        {
            Fail($"{at}.tile", "The tile must not be longer than the window.");
        }
        else if (w.Ticks % t.Ticks != 0)
        {
            Fail($"{at}.window", $"The window must be a whole number of tiles ({DurationText.Format(t)}).");
        }
        else if (w.Ticks / t.Ticks + 1 > MaxTilesRead)
        {
            Fail($"{at}.tile", $"A read would merge {w.Ticks / t.Ticks + 1} tiles; at most {MaxTilesRead}: choose a longer tile.");
        }
        if (w > MaxWindow)
        {
            Fail($"{at}.window", $"A window is at most {DurationText.Format(MaxWindow)}.");
        }
        return ok && stream is not null && aggregation is { } a ? new LiveAggregate(stream, a, w, t) : null;
    }

    private static TimeSpan? Duration(string? text, string at, Action<string, string> error)
    {
        if (text is null)
        {
            error(at, "Required: a duration such as 30s, 5m, 1h or 7d.");
            return null;
        }
        if (!DurationText.TryParse(text, out var duration) || duration <= TimeSpan.Zero)
        {
            error(at, $"'{text}' is not a duration such as 30s, 5m, 1h or 7d.");
            return null;
        }
        return duration;
    }

    /// <summary>
    /// Compiles every derived feature's expression against the registry's slots, in an order that puts inputs first;
    /// a cycle is reported with its path (<c>a -> b -> a</c>).
    /// </summary>
    private static List<FeatureDefinition> CompileExpressions(List<Declared> declared, Dictionary<string, FeatureDefinition> features,
        Action<string, string> error)
    {
        var derived = declared.Where(d => d.Expression is not null).ToDictionary(d => d.Feature.Name, StringComparer.Ordinal);
        var order = new List<FeatureDefinition>();
        var state = new Dictionary<string, int>(StringComparer.Ordinal); // 1 visiting, 2 done
        var failed = new HashSet<string>(StringComparer.Ordinal);

        bool Visit(Declared d, List<string> path)
        {
            var name = d.Feature.Name;
            if (state.GetValueOrDefault(name) == 2)
            {
                return !failed.Contains(name);
            }
            if (state.GetValueOrDefault(name) == 1)
            {
                var cycle = path[path.IndexOf(name)..].Append(name);
                error($"features[{d.Index}].expression", $"The expression depends on itself: {string.Join(" -> ", cycle)}.");
                failed.Add(name);
                return false;
            }
            state[name] = 1;
            path.Add(name);
            var ok = true;
            // An unknown input is left to the compile below, which reports it with its position.
            foreach (var input in d.Expression!.Identifiers)
            {
                if (derived.TryGetValue(input, out var dependency) && !Visit(dependency, path))
                {
                    ok = false;
                }
            }
            path.RemoveAt(path.Count - 1);
            state[name] = 2;
            if (ok)
            {
                ok = CompileOne(d, features, error);
            }
            if (ok)
            {
                order.Add(d.Feature);
            }
            else
            {
                failed.Add(name);
            }
            return ok;
        }

        foreach (var d in derived.Values.OrderBy(d => d.Index))
        {
            Visit(d, []);
        }
        return order;
    }

    private static bool CompileOne(Declared d, Dictionary<string, FeatureDefinition> features, Action<string, string> error)
    {
        var feature = d.Feature;
        ExpressionInput? Resolve(string name) => features.TryGetValue(name, out var input)
            ? new ExpressionInput(name, input.Slot, input.Type == FeatureValueType.Bool ? ValueKind.Bool : ValueKind.Number)
            : null;
        if (!d.Expression!.TryCompile(Resolve, out var compiled, out var compileError))
        {
            error($"features[{d.Index}].expression", $"{compileError!.Message} (at character {compileError.Position + 1}).");
            return false;
        }
        if (compiled!.ResultKind == ValueKind.Bool && feature.Type != FeatureValueType.Bool)
        {
            error($"features[{d.Index}].type", "The expression is a comparison (true or false): declare the feature's type as bool.");
            return false;
        }
        if (compiled.ResultKind == ValueKind.Number && feature.Type == FeatureValueType.Bool)
        {
            error($"features[{d.Index}].type", "The expression is a number, not true or false: declare the feature's type as double or int.");
            return false;
        }
        feature.Inputs = [.. compiled.Inputs.Select(name => features[name])];
        feature.Formula = compiled.Evaluate;
        return true;
    }

    private static List<FeatureDefinition>? ResolveNames(List<string?>? names, string at, Dictionary<string, FeatureDefinition> features,
        Action<string, string> error)
    {
        if (names is null)
        {
            return null;
        }
        if (names.Count == 0)
        {
            error(at, "Name at least one feature, or leave the list out.");
        }
        var resolved = new List<FeatureDefinition>();
        foreach (var (name, i) in names.Select((n, i) => (n, i)))
        {
            if (name is null || !features.TryGetValue(name, out var feature))
            {
                error($"{at}[{i}]", $"Unknown feature '{name}'.");
            }
            else if (resolved.Contains(feature))
            {
                error($"{at}[{i}]", $"Feature '{name}' is named twice.");
            }
            else
            {
                resolved.Add(feature);
            }
        }
        return resolved;
    }

    private static List<(string, string?, IReadOnlyList<FeatureDefinition>)> CompileSets(List<FeatureSetDocument?>? documents,
        Dictionary<string, FeatureDefinition> features, Action<string, string> error)
    {
        var sets = new List<(string Name, string?, IReadOnlyList<FeatureDefinition>)>();
        foreach (var (set, i) in (documents ?? []).Select((s, i) => (s, i)))
        {
            var at = $"featureSets[{i}]";
            if (set is null)
            {
                error(at, "Each feature set must be an object with a name and features.");
                continue;
            }
            var nameOk = CheckName(set.Name, $"{at}.name", FeatureName(), "letters, digits and _, not starting with a digit, at most 128", error);
            if (nameOk && sets.Any(s => s.Name == set.Name))
            {
                error($"{at}.name", $"Feature set '{set.Name}' is declared twice.");
                nameOk = false;
            }
            var members = ResolveNames(set.Features ?? [], $"{at}.features", features, error);
            if (nameOk && members is not null)
            {
                sets.Add((set.Name!, set.Description, members));
            }
        }
        return sets;
    }

    private static EntityDefinition? FindEntity(string? name, string at, Dictionary<string, EntityDefinition> entities, Action<string, string> error)
    {
        if (name is null)
        {
            error(at, "Name the entity.");
            return null;
        }
        if (!entities.TryGetValue(name, out var entity))
        {
            error(at, $"Unknown entity '{name}'.{(entities.Count == 0 ? " Declare it under entities." : $" Entities: {string.Join(", ", entities.Keys)}.")}");
        }
        return entity;
    }

    private static bool CheckName(string? name, string at, Regex pattern, string rule, Action<string, string> error)
    {
        if (name is null)
        {
            error(at, "A name is required.");
            return false;
        }
        if (!pattern.IsMatch(name))
        {
            error(at, $"'{(name.Length > 64 ? name[..64] + "…" : name)}' is not a valid name: {rule} characters.");
            return false;
        }
        return true;
    }

    /// <summary>One series per (stream, tile size, field), read far enough back for the longest window that uses it.</summary>
    private static TileSeries[] CreateTileSeries(IReadOnlyList<FeatureDefinition> features)
    {
        var needs = features.Where(f => f.Live is not null)
            .SelectMany(f => FieldsOf(f.Live!.Aggregation).Select(field => (Live: f.Live!, Field: field)));
        return [.. needs
            .GroupBy(n => (n.Live.Stream, n.Live.TileSize, n.Field))
            .Select((group, index) => new TileSeries(index, group.Key.Stream, group.Key.TileSize, group.Key.Field,
                group.Max(n => n.Live.TilesRead), group.Max(n => n.Live.Window)))];
    }

    internal static TileField[] FieldsOf(Aggregation aggregation) => aggregation switch
    {
        Aggregation.Count => [TileField.Count],
        Aggregation.Sum => [TileField.Sum],
        Aggregation.Avg => [TileField.Sum, TileField.Count],
        Aggregation.Max => [TileField.Max],
        Aggregation.Min => [TileField.Min],
        _ => throw new ArgumentOutOfRangeException(nameof(aggregation), aggregation, null),
    };
}

/// <summary>A compiled registry, or every reason the document could not be one.</summary>
public sealed record RepositoryCompilation(FeatureRegistry? Registry, IReadOnlyList<DefinitionError> Errors)
{
    public static RepositoryCompilation Succeeded(FeatureRegistry registry) => new(registry, []);

    public static RepositoryCompilation Failed(IReadOnlyList<DefinitionError> errors) => new(null, errors);
}
