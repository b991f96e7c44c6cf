using FeatureApi.Features;
using FeatureApi.Pipeline;
using Google.Protobuf.Collections;
using Rpc = FeatureAspire.Serving.V1;

namespace FeatureApi.GrpcApi;

/// <summary>
/// The pipeline's answer as FeatureService's messages, the same content as <see cref="FeatureVectorWriter"/>'s JSON
/// in the entities shape: each row's entities, features, statuses and degraded flag, and the registry version.
/// </summary>
internal static class GrpcAnswers
{
    public static Rpc.FeatureVector Single(FeatureVectors vectors) => Vector(vectors, 0);

    public static Rpc.ExtractBatchResponse Batch(FeatureVectors vectors)
    {
        var answer = new Rpc.ExtractBatchResponse { RegistryVersion = vectors.Rows.Registry.Version };
        for (var i = 0; i < vectors.Count; i++)
        {
            answer.Results.Add(Vector(vectors, i));
        }
        return answer;
    }

    /// <summary>The shared entities once (every key but the candidates'), then each candidate's row in candidate order.</summary>
    public static Rpc.ExtractCandidatesResponse Candidates(FeatureVectors vectors)
    {
        var rows = vectors.Rows;
        var candidates = rows.Candidates!;
        var answer = new Rpc.ExtractCandidatesResponse { RegistryVersion = rows.Registry.Version };
        AddEntities(rows, 0, answer.Entities, except: candidates);
        for (var i = 0; i < vectors.Count; i++)
        {
            var row = new Rpc.CandidateVector { Key = Key(rows.Key(i, candidates)) };
            AddFeatures(vectors, i, row.Features, row.Status);
            answer.Rows.Add(row);
            answer.Degraded |= vectors.IsDegraded(i);
        }
        return answer;
    }

    private static Rpc.FeatureVector Vector(FeatureVectors vectors, int row)
    {
        var vector = new Rpc.FeatureVector { Degraded = vectors.IsDegraded(row), RegistryVersion = vectors.Rows.Registry.Version };
        AddEntities(vectors.Rows, row, vector.Entities, except: null);
        AddFeatures(vectors, row, vector.Features, vector.Status);
        return vector;
    }

    private static void AddEntities(ExtractionRows rows, int row, MapField<string, Rpc.EntityKey> entities, EntityDefinition? except)
    {
        foreach (var entity in rows.Registry.Entities)
        {
            if (entity != except && rows.HasKey(row, entity))
            {
                entities.Add(entity.Name, Key(rows.Key(row, entity)));
            }
        }
    }

    private static void AddFeatures(FeatureVectors vectors, int row, MapField<string, double> features, MapField<string, Rpc.FeatureStatus> status)
    {
        var requested = vectors.Features.Requested;
        for (var f = 0; f < requested.Count; f++)
        {
            features.Add(requested[f].Name, vectors.Value(row, f));
            status.Add(requested[f].Name, Status(vectors.Status(row, f)));
        }
    }

    public static Rpc.EntityKey Key(EntityKey key) => key.IsText ? new() { StringKey = key.Text } : new() { IntKey = key.Number };

    private static Rpc.FeatureStatus Status(FeatureStatus status) => status switch
    {
        FeatureStatus.Present => Rpc.FeatureStatus.Present,
        FeatureStatus.Default => Rpc.FeatureStatus.Default,
        FeatureStatus.Stale => Rpc.FeatureStatus.Stale,
        FeatureStatus.Unavailable => Rpc.FeatureStatus.Unavailable,
        _ => Rpc.FeatureStatus.Unspecified,
    };
}
