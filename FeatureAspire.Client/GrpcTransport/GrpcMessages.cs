using Google.Protobuf.Collections;
using Rpc = FeatureAspire.Serving.V1;

namespace FeatureAspire.Client;

/// <summary>
/// The JSON client's contract types as FeatureService's messages and back: a request says the same thing on either
/// transport, and an answer reads as the same <see cref="FeatureVector"/>, <see cref="CandidateVectors"/> or
/// <see cref="FeatureDefinition"/> the JSON client returns.
/// </summary>
internal static class GrpcMessages
{
    public static Rpc.ExtractRequest Extract(EntityExtractRequest body)
    {
        var message = new Rpc.ExtractRequest { FeatureSet = body.FeatureSet ?? "" };
        AddEntities(message.Entities, body.Entities);
        AddRequest(message.Request, body.Request);
        AddFeatures(message.Features, body.Features);
        return message;
    }

    public static Rpc.ExtractBatchRequest Batch(EntityBatchExtractRequest body)
    {
        var message = new Rpc.ExtractBatchRequest { FeatureSet = body.FeatureSet ?? "" };
        foreach (var row in body.Requests)
        {
            var item = new Rpc.ExtractBatchItem();
            AddEntities(item.Entities, row.Entities);
            AddRequest(item.Request, row.Request);
            message.Requests.Add(item);
        }
        AddFeatures(message.Features, body.Features);
        return message;
    }

    public static Rpc.ExtractCandidatesRequest Candidates(CandidatesRequest body)
    {
        var candidates = new Rpc.CandidateList { Entity = body.Candidates.Entity };
        foreach (var key in body.Candidates.Keys ?? [])
        {
            candidates.Keys.Add(Key(key));
        }
        foreach (var row in body.Candidates.Rows ?? [])
        {
            var candidate = new Rpc.CandidateRow { Key = Key(row.Key) };
            AddRequest(candidate.Request, row.Request);
            candidates.Rows.Add(candidate);
        }
        var message = new Rpc.ExtractCandidatesRequest { Candidates = candidates, FeatureSet = body.FeatureSet ?? "" };
        AddEntities(message.Entities, body.Entities);
        AddRequest(message.Request, body.Request);
        AddFeatures(message.Features, body.Features);
        return message;
    }

    /// <summary>A vector in the entities shape, as the JSON extract answers it (no user id; entities and version set).</summary>
    public static FeatureVector Vector(Rpc.FeatureVector vector, long registryVersion) =>
        new(0, Features(vector.Features), Statuses(vector.Status), vector.Degraded)
        {
            Entities = Entities(vector.Entities),
            RegistryVersion = registryVersion,
        };

    public static CandidateVectors Candidates(Rpc.ExtractCandidatesResponse answer) =>
        new(Entities(answer.Entities), answer.RegistryVersion, answer.Degraded,
            [.. answer.Rows.Select(row => new CandidateVector(Key(row.Key), Features(row.Features), Statuses(row.Status)))]);

    public static FeatureDefinition Definition(Rpc.FeatureDefinition definition) =>
        new(definition.Name, FromWire(Kinds, (int)definition.Kind, FeatureKind.Stored),
            FromWire(ValueTypes, (int)definition.Type, FeatureValueType.Double), definition.DefaultValue, definition.Description,
            [.. definition.Inputs], definition.MaxAge?.ToTimeSpan(), Live(definition.Live))
        {
            Entity = NullIfEmpty(definition.Entity),
            Expression = NullIfEmpty(definition.Expression),
        };

    private static LiveAggregate? Live(Rpc.LiveAggregate? live) => live is null
        ? null
        : new LiveAggregate(live.Stream, FromWire(Aggregations, (int)live.Aggregation, Aggregation.Count), live.Window.ToTimeSpan(),
            live.TileSize.ToTimeSpan(), live.TilesRead);

    public static Rpc.EntityKey Key(EntityKey key) => key.IsNumber ? new() { IntKey = key.Number } : new() { StringKey = key.Text };

    public static EntityKey Key(Rpc.EntityKey key) =>
        key.KeyCase == Rpc.EntityKey.KeyOneofCase.StringKey ? new EntityKey(key.StringKey) : new EntityKey(key.IntKey);

    // Each proto enum's values by number (0 is UNSPECIFIED, never sent), named as the JSON API names them.
    private static readonly FeatureStatus[] StatusesByNumber = [FeatureStatus.Present, FeatureStatus.Default, FeatureStatus.Stale, FeatureStatus.Unavailable];

    private static readonly FeatureKind[] Kinds = [FeatureKind.Stored, FeatureKind.Request, FeatureKind.Live, FeatureKind.Derived];

    private static readonly FeatureValueType[] ValueTypes = [FeatureValueType.Int, FeatureValueType.Double, FeatureValueType.Bool];

    private static readonly Aggregation[] Aggregations = [Aggregation.Count, Aggregation.Sum, Aggregation.Avg, Aggregation.Max, Aggregation.Min];

    /// <summary>
    /// Number n is entry n-1 of <paramref name="known"/>; UNSPECIFIED, or a value a newer FeatureApi adds, is
    /// <paramref name="unknown"/>: an answer is read whole rather than refused for one name this client does not know.
    /// </summary>
    private static T FromWire<T>(T[] known, int number, T unknown) => number >= 1 && number <= known.Length ? known[number - 1] : unknown;

    private static Dictionary<string, double> Features(MapField<string, double> features) => new(features);

    private static Dictionary<string, FeatureStatus> Statuses(MapField<string, Rpc.FeatureStatus> status)
    {
        var statuses = new Dictionary<string, FeatureStatus>(status.Count);
        foreach (var (name, value) in status)
        {
            statuses.Add(name, FromWire(StatusesByNumber, (int)value, FeatureStatus.Default));
        }
        return statuses;
    }

    private static Dictionary<string, EntityKey> Entities(MapField<string, Rpc.EntityKey> entities)
    {
        var keys = new Dictionary<string, EntityKey>(entities.Count);
        foreach (var (name, key) in entities)
        {
            keys.Add(name, Key(key));
        }
        return keys;
    }

    private static void AddEntities(MapField<string, Rpc.EntityKey> message, IReadOnlyDictionary<string, EntityKey> entities)
    {
        foreach (var (name, key) in entities)
        {
            message.Add(name, Key(key));
        }
    }

    private static void AddRequest(MapField<string, double> message, IReadOnlyDictionary<string, double>? request)
    {
        foreach (var (name, value) in request ?? EmptyRequest)
        {
            message.Add(name, value);
        }
    }

    private static void AddFeatures(RepeatedField<string> message, IReadOnlyList<string>? features)
    {
        if (features is not null)
        {
            message.AddRange(features);
        }
    }

    private static readonly Dictionary<string, double> EmptyRequest = [];

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
