using System.Text.Json;
using FeatureApi.Features;

namespace FeatureApi.Pipeline;

/// <summary>
/// Writes feature vectors straight to the response as the contract's JSON, without building dictionaries:
/// <c>{"userId":101,"features":{...},"status":{...},"degraded":false}</c>.
/// </summary>
public static class FeatureVectorWriter
{
    private static readonly JsonEncodedText UserIdProperty = JsonEncodedText.Encode("userId");
    private static readonly JsonEncodedText FeaturesProperty = JsonEncodedText.Encode("features");
    private static readonly JsonEncodedText StatusProperty = JsonEncodedText.Encode("status");
    private static readonly JsonEncodedText DegradedProperty = JsonEncodedText.Encode("degraded");
    private static readonly JsonEncodedText ResultsProperty = JsonEncodedText.Encode("results");
    private static readonly JsonEncodedText[] StatusValues =
        [.. Enum.GetValues<FeatureStatus>().Select(s => JsonEncodedText.Encode(s.ToWireName()))];

    public static void WriteBatch(Utf8JsonWriter writer, FeatureVectors vectors)
    {
        writer.WriteStartObject();
        writer.WriteStartArray(ResultsProperty);
        for (var i = 0; i < vectors.Count; i++)
        {
            WriteOne(writer, vectors, i);
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    public static void WriteOne(Utf8JsonWriter writer, FeatureVectors vectors, int request)
    {
        var requested = vectors.Features.Requested;
        writer.WriteStartObject();
        writer.WriteNumber(UserIdProperty, vectors.UserId(request));

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

        writer.WriteBoolean(DegradedProperty, vectors.IsDegraded(request));
        writer.WriteEndObject();
    }
}
