using System.Buffers;
using FeatureApi.Features;

namespace FeatureApi.Pipeline;

/// <summary>
/// The validated rows of one extract call: per row, the key of each entity the request named (by the registry's
/// entity index; absent is the default key) and the value of each request feature (by its request index), and whether
/// the row came in the seed's <c>userId</c> shape (answered in that shape). Backed by pooled arrays, returned with the
/// answer (<see cref="FeatureVectors"/> owns them).
/// </summary>
public sealed class ExtractionRows : IDisposable
{
    private readonly EntityKey[] keys;
    private readonly double[] request;
    private readonly bool[] userShaped;
    private readonly int entities;
    private readonly int requestFeatures;
    private bool disposed;

    public ExtractionRows(FeatureRegistry registry, int count)
    {
        Registry = registry;
        Count = count;
        entities = registry.Entities.Count;
        requestFeatures = registry.RequestFeatures.Count;
        keys = ArrayPool<EntityKey>.Shared.Rent(Math.Max(1, count * entities));
        request = ArrayPool<double>.Shared.Rent(Math.Max(1, count * requestFeatures));
        userShaped = ArrayPool<bool>.Shared.Rent(count);
        // Pooled arrays come back as they were left: an absent key and a row's shape must not be a previous call's.
        Array.Clear(keys, 0, count * entities);
        Array.Clear(userShaped, 0, count);
    }

    public FeatureRegistry Registry { get; }

    public int Count { get; }

    public EntityKey Key(int row, EntityDefinition entity) => keys[row * entities + entity.Index];

    public bool HasKey(int row, EntityDefinition entity) => keys[row * entities + entity.Index] != default;

    public void SetKey(int row, EntityDefinition entity, EntityKey key) => keys[row * entities + entity.Index] = key;

    public double Request(int row, FeatureDefinition feature) => request[row * requestFeatures + feature.RequestIndex];

    public void SetRequest(int row, FeatureDefinition feature, double value) => request[row * requestFeatures + feature.RequestIndex] = value;

    /// <summary>For a ranking call, the candidates' entity: every other key is shared by all rows, and the answer says so.</summary>
    public EntityDefinition? Candidates { get; init; }

    /// <summary>Copies row <paramref name="from"/>'s keys and request values to row <paramref name="to"/>.</summary>
    public void CopyRow(int from, int to)
    {
        if (from != to)
        {
            Array.Copy(keys, from * entities, keys, to * entities, entities);
            Array.Copy(request, from * requestFeatures, request, to * requestFeatures, requestFeatures);
        }
    }

    /// <summary>Whether the row was asked for as <c>{"userId":…,"currentValue":…}</c>, and is answered in that shape.</summary>
    public bool IsUserShaped(int row) => userShaped[row];

    public void SetUserShaped(int row, bool value) => userShaped[row] = value;

    /// <summary>A row for the seed's shape: the user's id and, when the registry has it, current_value.</summary>
    public void SetUser(int row, long userId, double currentValue)
    {
        SetKey(row, Registry.UserEntity!, EntityKey.Of(userId));
        if (Registry.CurrentValue is { } current)
        {
            SetRequest(row, current, currentValue);
        }
        userShaped[row] = true;
    }

    public void Dispose()
    {
        if (disposed)
        {
            return;
        }
        disposed = true;
        // Keys may hold strings; clear so the pool does not keep them alive.
        ArrayPool<EntityKey>.Shared.Return(keys, clearArray: true);
        ArrayPool<double>.Shared.Return(request);
        ArrayPool<bool>.Shared.Return(userShaped);
    }
}
