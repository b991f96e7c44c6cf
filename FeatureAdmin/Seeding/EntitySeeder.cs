using System.Diagnostics;
using FeatureAspire.Client;

namespace FeatureAdmin.Seeding;

/// <summary>Seeding progress: instances written so far and the write rate.</summary>
public sealed record SeedProgress(long Written, long Total, TimeSpan Elapsed)
{
    public double Percent => Total > 0 ? 100.0 * Written / Total : 0;
    public double PerSecond => Elapsed > TimeSpan.Zero ? Written / Elapsed.TotalSeconds : 0;
}

/// <summary>
/// Writes synthetic instances of one entity through featureapi's bulk upsert in chunks, one transaction each. The
/// same seed gives the same instances, so a probe or a test can be repeated against identical data.
/// </summary>
public sealed class EntitySeeder(FeatureApiClient api)
{
    /// <summary>The instances of one chunk; deterministic in (seed, chunk index).</summary>
    public static IReadOnlyList<EntityFeatureValues> Chunk(SeedSettings settings, int chunkIndex)
    {
        var random = new Random(HashCode.Combine(settings.RandomSeed, chunkIndex));
        var first = (long)chunkIndex * settings.ChunkSize;
        var size = (int)Math.Min(settings.ChunkSize, settings.Count - first);
        var rows = new EntityFeatureValues[Math.Max(0, size)];
        for (var i = 0; i < rows.Length; i++)
        {
            var features = new Dictionary<string, double>(settings.Ranges.Count);
            foreach (var range in settings.Ranges)
            {
                var value = range.Min + random.NextDouble() * (range.Max - range.Min);
                features[range.Name] = range.WholeNumbers ? Math.Round(value) : Math.Round(value, 2);
            }
            rows[i] = new EntityFeatureValues(settings.Key(first + i), features);
        }
        return rows;
    }

    public async Task<SeedProgress> SeedAsync(SeedSettings settings, IProgress<SeedProgress>? progress, CancellationToken cancellationToken)
    {
        var problems = settings.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", problems), nameof(settings));
        }

        var started = Stopwatch.GetTimestamp();
        var chunks = (int)((settings.Count + settings.ChunkSize - 1L) / settings.ChunkSize);
        long written = 0;
        for (var chunk = 0; chunk < chunks; chunk++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            written += await api.UpsertEntitiesAsync(settings.Entity, Chunk(settings, chunk), cancellationToken);
            progress?.Report(new SeedProgress(written, settings.Count, Stopwatch.GetElapsedTime(started)));
        }
        return new SeedProgress(written, settings.Count, Stopwatch.GetElapsedTime(started));
    }
}
