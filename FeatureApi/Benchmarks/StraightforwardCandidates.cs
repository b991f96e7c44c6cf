using FeatureApi.Apis.Contracts;
using FeatureApi.Features;
using FeatureApi.Store;
using StackExchange.Redis;

namespace FeatureApi.Benchmarks;

/// <summary>
/// The honest baseline of a ranking call, as an engineer would first write it: one awaited HMGET per row (the shared
/// user once, then every candidate in list order, a repeated one again), all in flight at once with <c>Task.WhenAll</c>
/// so the multiplexer pipelines them, then per row the set's formulas and an answer of records of dictionaries
/// serialized by System.Text.Json, in the real call's shape. No cache and no deadline: a failed read fails the call.
/// Stored, request and derived features; live features are not read (bench/run asks for none here).
/// </summary>
public sealed class StraightforwardCandidates(IConnectionMultiplexer redis)
{
    public async Task<CandidatesResponse> ExtractAsync(FeatureRegistry registry, CandidatesRequest body)
    {
        var set = registry.Resolve(body.Features, body.FeatureSet);
        var candidates = registry.FindEntity(body.Candidates!.Entity!)!;
        var rows = body.Candidates.Rows is { } given ? [.. given.Select(row => row!)] : body.Candidates.Keys!.Select(key => new CandidateRow(key)).ToArray();
        IReadOnlyDictionary<string, EntityKey> entities = body.Entities?.Keys ?? new Dictionary<string, EntityKey>();
        var database = redis.GetDatabase();

        var shared = set.StoredEntities.Where(entity => entity != candidates).ToArray();
        var sharedReads = shared.Select(entity => database.HashGetAsync(FeatureKeys.Entity(entity, entities[entity.Name]), ReferenceAnswer.StoredFields(entity))).ToArray();
        var candidateFields = set.StoredEntities.Contains(candidates) ? ReferenceAnswer.StoredFields(candidates) : null;
        var rowReads = candidateFields is null ? [] : rows.Select(row => database.HashGetAsync(FeatureKeys.Entity(candidates, row.Key!.Value), candidateFields)).ToArray();
        await Task.WhenAll(sharedReads.Concat(rowReads));

        var answers = new CandidateVector[rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            var row = new double[registry.All.Count];
            var status = new FeatureStatus[registry.All.Count];
            for (var j = 0; j < shared.Length; j++)
            {
                ReferenceAnswer.Fill(shared[j], sharedReads[j].Result, row, status);
            }
            if (candidateFields is not null)
            {
                ReferenceAnswer.Fill(candidates, rowReads[i].Result, row, status);
            }
            foreach (var field in set.Request)
            {
                row[field.Slot] = rows[i].Request?.Values.TryGetValue(field.Name, out var own) == true ? own : body.Request!.Values[field.Name];
            }
            var (features, statuses) = ReferenceAnswer.Compute(set, row, status);
            answers[i] = new CandidateVector(rows[i].Key!.Value, features, statuses);
        }
        return new CandidatesResponse(entities, registry.Version, Degraded: false, answers);
    }
}
