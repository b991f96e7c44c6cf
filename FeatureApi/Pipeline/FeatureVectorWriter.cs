using System.Text.Json;
using FeatureApi.Features;

namespace FeatureApi.Pipeline;

/// <summary>
/// Writes feature vectors straight to the response as the contract's JSON, without building dictionaries. A row asked
/// for in the seed's shape is answered in it, byte for byte as before:
/// <c>{"userId":101,"features":{...},"status":{...},"degraded":false}</c>; a row that named its entities is answered with
/// them and the registry version it was served from:
/// <c>{"entities":{"user":101,"item":"sku-9"},"features":{...},"status":{...},"degraded":false,"registryVersion":3}</c>.
/// </summary>
public static class FeatureVectorWriter
{
    private static readonly JsonEncodedText UserIdProperty = JsonEncodedText.Encode("userId");
    private static readonly JsonEncodedText EntitiesProperty = JsonEncodedText.Encode("entities");
    private static readonly JsonEncodedText FeaturesProperty = JsonEncodedText.Encode("features");
    private static readonly JsonEncodedText StatusProperty = JsonEncodedText.Encode("status");
    private static readonly JsonEncodedText DegradedProperty = JsonEncodedText.Encode("degraded");
    private static readonly JsonEncodedText ResultsProperty = JsonEncodedText.Encode("results");
    private static readonly JsonEncodedText RowsProperty = JsonEncodedText.Encode("rows");
    private static readonly JsonEncodedText KeyProperty = JsonEncodedText.Encode("key");
    private static readonly JsonEncodedText RegistryVersionProperty = JsonEncodedText.Encode("registryVersion");
    private static readonly JsonEncodedText[] StatusValues =
        [.. Enum.GetValues<FeatureStatus>().Select(s => JsonEncodedText.Encode(s.ToWireName()))];

    /// <summary>
    /// <c>{"results":[...]}</c>; with <c>"registryVersion"</c> first when any row named its entities (a batch of rows
    /// all in the seed's shape is answered as before).
    /// </summary>
    public static void WriteBatch(Utf8JsonWriter writer, FeatureVectors vectors)
    {
        writer.WriteStartObject();
        var userShapedOnly = true;
        for (var i = 0; i < vectors.Count && userShapedOnly; i++)
        {
            userShapedOnly = vectors.Rows.IsUserShaped(i);
        }
        if (!userShapedOnly)
        {
            writer.WriteNumber(RegistryVersionProperty, vectors.Features.Registry.Version);
        }
        writer.WriteStartArray(ResultsProperty);
        for (var i = 0; i < vectors.Count; i++)
        {
            WriteRow(writer, vectors, i, withVersion: false);
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>
    /// A ranking call's answer: the shared entities once, then each candidate's key, features and status in candidate
    /// order: <c>{"entities":{"user":101},"registryVersion":3,"degraded":false,"rows":[{"key":"sku-1",...}]}</c>.
    /// </summary>
    public static void WriteCandidates(Utf8JsonWriter writer, FeatureVectors vectors)
    {
        var rows = vectors.Rows;
        var candidates = rows.Candidates!;
        writer.WriteStartObject();
        writer.WriteStartObject(EntitiesProperty);
        foreach (var entity in rows.Registry.Entities)
        {
            if (entity != candidates && rows.HasKey(0, entity))
            {
                WriteKey(writer, entity.Name, rows.Key(0, entity));
            }
        }
        writer.WriteEndObject();
        writer.WriteNumber(RegistryVersionProperty, rows.Registry.Version);
        var degraded = false;
        for (var i = 0; i < vectors.Count && !degraded; i++)
        {
            degraded = vectors.IsDegraded(i);
        }
        writer.WriteBoolean(DegradedProperty, degraded);
        writer.WriteStartArray(RowsProperty);
        for (var i = 0; i < vectors.Count; i++)
        {
            writer.WriteStartObject();
            var key = rows.Key(i, candidates);
            if (key.IsText)
            {
                writer.WriteString(KeyProperty, key.Text);
            }
            else
            {
                writer.WriteNumber(KeyProperty, key.Number);
            }
            WriteFeatures(writer, vectors, i);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    public static void WriteOne(Utf8JsonWriter writer, FeatureVectors vectors, int request) => WriteRow(writer, vectors, request, withVersion: true);

    private static void WriteRow(Utf8JsonWriter writer, FeatureVectors vectors, int request, bool withVersion)
    {
        var rows = vectors.Rows;
        var userShaped = rows.IsUserShaped(request);
        writer.WriteStartObject();
        if (userShaped)
        {
            writer.WriteNumber(UserIdProperty, rows.Key(request, rows.Registry.UserEntity!).Number);
        }
        else
        {
            writer.WriteStartObject(EntitiesProperty);
            foreach (var entity in rows.Registry.Entities)
            {
                if (rows.HasKey(request, entity))
                {
                    WriteKey(writer, entity.Name, rows.Key(request, entity));
                }
            }
            writer.WriteEndObject();
        }

        WriteFeatures(writer, vectors, request);
        writer.WriteBoolean(DegradedProperty, vectors.IsDegraded(request));
        if (withVersion && !userShaped)
        {
            writer.WriteNumber(RegistryVersionProperty, rows.Registry.Version);
        }
        writer.WriteEndObject();
    }

    /// <summary><c>"features":{...},"status":{...}</c> of one row.</summary>
    private static void WriteFeatures(Utf8JsonWriter writer, FeatureVectors vectors, int request)
    {
        var requested = vectors.Features.Requested;
        writer.WriteStartObject(FeaturesProperty);
        for (var f = 0; f < requested.Count; f++)
        {
            writer.WriteNumber(requested[f].EncodedName, vectors.Value(request, f));
        }
        writer.WriteEndObject();

        writer.WriteStartObject(StatusProperty);
        for (var f = 0; f < requested.Count; f++)
        {
            writer.WriteString(requested[f].EncodedName, StatusValues[(int)vectors.Status(request, f)]);
        }
        writer.WriteEndObject();
    }

    private static void WriteKey(Utf8JsonWriter writer, string name, EntityKey key)
    {
        if (key.IsText)
        {
            writer.WriteString(name, key.Text);
        }
        else
        {
            writer.WriteNumber(name, key.Number);
        }
    }
}
