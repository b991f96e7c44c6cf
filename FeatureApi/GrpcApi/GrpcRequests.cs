using System.Text;
using FeatureApi.Apis.Contracts;
using FeatureApi.Features;
using FeatureApi.Requests;
using Google.Protobuf.Collections;
using Rpc = FeatureAspire.Serving.V1;

namespace FeatureApi.GrpcApi;

/// <summary>
/// Reads a gRPC request as the JSON API's contract record, so the same validation rules judge it. First come the bounds
/// the JSON binder enforces while it reads (list lengths, map sizes, name lengths, finite request values), refused in
/// the binder's words under its field names (<see cref="Unbound(Rpc.ExtractRequest)"/>). proto3 cannot tell an empty
/// list or string from a missing one: empty <c>features</c> and <c>feature_set</c> mean "not given" (the default set),
/// and a gRPC extract always names its entities and request values (never the seed's <c>userId</c> shape).
/// </summary>
internal static class GrpcRequests
{
    public static RequestBodyError? Unbound(Rpc.ExtractRequest request) =>
        Keys(request.Entities, "entities") ?? Values(request.Request, "request") ?? Names(request.Features, "features");

    public static RequestBodyError? Unbound(Rpc.ExtractBatchRequest request, int maxBatchSize)
    {
        if (request.Requests.Count > maxBatchSize)
        {
            return TooMany("requests", maxBatchSize);
        }
        for (var i = 0; i < request.Requests.Count; i++)
        {
            var item = request.Requests[i];
            if ((Keys(item.Entities, $"requests[{i}].entities") ?? Values(item.Request, $"requests[{i}].request")) is { } error)
            {
                return error;
            }
        }
        return Names(request.Features, "features");
    }

    public static RequestBodyError? Unbound(Rpc.ExtractCandidatesRequest request, int maxCandidates)
    {
        if (Keys(request.Entities, "entities") is { } entities)
        {
            return entities;
        }
        if (request.Candidates is { } candidates)
        {
            if (candidates.Keys.Count > maxCandidates)
            {
                return TooMany("candidates.keys", maxCandidates);
            }
            if (candidates.Rows.Count > maxCandidates)
            {
                return TooMany("candidates.rows", maxCandidates);
            }
            for (var i = 0; i < candidates.Rows.Count; i++)
            {
                if (Values(candidates.Rows[i].Request, $"candidates.rows[{i}].request") is { } error)
                {
                    return error;
                }
            }
        }
        return Values(request.Request, "request") ?? Names(request.Features, "features");
    }

    public static ExtractRequest ToContract(this Rpc.ExtractRequest request) =>
        new(Features: Names(request.Features), Entities: Keys(request.Entities), Request: new RequestValues(request.Request),
            FeatureSet: Text(request.FeatureSet));

    public static BatchExtractRequest ToContract(this Rpc.ExtractBatchRequest request) =>
        new([.. request.Requests.Select(item => new BatchExtractItem(Entities: Keys(item.Entities), Request: new RequestValues(item.Request)))],
            Names(request.Features), Text(request.FeatureSet));

    public static CandidatesRequest ToContract(this Rpc.ExtractCandidatesRequest request) =>
        new(Keys(request.Entities), request.Candidates is { } candidates ? Candidates(candidates) : null, new RequestValues(request.Request),
            Names(request.Features), Text(request.FeatureSet));

    private static CandidateList Candidates(Rpc.CandidateList candidates) => new(
        Text(candidates.Entity),
        candidates.Keys.Count > 0 ? [.. candidates.Keys.Select(key => (EntityKey?)Key(key))] : null,
        candidates.Rows.Count > 0 ? [.. candidates.Rows.Select(row => new CandidateRow(row.Key is null ? null : Key(row.Key), new RequestValues(row.Request)))] : null);

    /// <summary>A key with neither field set is the default key, which no entity accepts (validation says why).</summary>
    public static EntityKey Key(Rpc.EntityKey key) => key.KeyCase switch
    {
        Rpc.EntityKey.KeyOneofCase.IntKey => EntityKey.Of(key.IntKey),
        Rpc.EntityKey.KeyOneofCase.StringKey => EntityKey.Of(key.StringKey),
        _ => default,
    };

    private static EntityKeys Keys(MapField<string, Rpc.EntityKey> keys) =>
        new(keys.ToDictionary(pair => pair.Key, pair => Key(pair.Value), StringComparer.Ordinal));

    private static IReadOnlyList<string>? Names(RepeatedField<string> names) => names.Count > 0 ? names : null;

    private static string? Text(string text) => text.Length > 0 ? text : null;

    // The JSON binder's bounds, in its words (BoundedListConverter, BoundedObject, NamedNumbersConverter).

    private static RequestBodyError TooMany(string field, int max) => new(field, $"Holds at most {max} items.");

    private static RequestBodyError? Names(RepeatedField<string> names, string field)
    {
        if (names.Count > FeatureRegistry.MaxFeatures)
        {
            return TooMany(field, FeatureRegistry.MaxFeatures);
        }
        for (var i = 0; i < names.Count; i++)
        {
            if (Encoding.UTF8.GetByteCount(names[i]) > FeatureRegistry.MaxNameLength)
            {
                return new($"{field}[{i}]", $"Must be at most {FeatureRegistry.MaxNameLength} characters.");
            }
        }
        return null;
    }

    private static RequestBodyError? Keys(MapField<string, Rpc.EntityKey> keys, string field) =>
        MapBound(keys.Count, keys.Keys, EntityKeysConverter.MaxEntities, field);

    private static RequestBodyError? Values(MapField<string, double> values, string field)
    {
        if (MapBound(values.Count, values.Keys, FeatureRegistry.MaxFeatures, field) is { } error)
        {
            return error;
        }
        foreach (var (name, value) in values)
        {
            if (!double.IsFinite(value))
            {
                return new($"{field}.{name}", $"{name} must be a finite number.");
            }
        }
        return null;
    }

    private static RequestBodyError? MapBound(int count, IEnumerable<string> names, int maxNames, string field) =>
        count > maxNames || names.Any(name => Encoding.UTF8.GetByteCount(name) > FeatureRegistry.MaxNameLength)
            ? new(field, $"Holds at most {maxNames} names, each at most {FeatureRegistry.MaxNameLength} characters.")
            : null;
}
