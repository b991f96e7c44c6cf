using System.Buffers;
using System.Text.Json;

namespace FeatureAdmin.Probe;

/// <summary>One request body ready to send, and the extract endpoint it is for.</summary>
public sealed record ProbeRequest(string Path, ReadOnlyMemory<byte> Body, int Users);

/// <summary>
/// Builds extract requests for a probe: user ids drawn uniformly from the configured range, with the configured share
/// replaced by ids that were never seeded. One instance per worker (it owns a <see cref="Random"/>).
/// </summary>
public sealed class ProbeRequestFactory(ProbeSettings settings, int workerIndex)
{
    public const string SinglePath = "/api/features/extract";
    public const string BatchPath = "/api/features/extract/batch";

    /// <summary>Unknown ids start this far above the seeded range, so they never collide with seeded users.</summary>
    public const long UnknownIdOffset = 1_000_000_000;

    private readonly Random random = new(HashCode.Combine(settings.Seed, workerIndex));
    private readonly ArrayBufferWriter<byte> buffer = new();

    public long NextUserId()
    {
        var id = random.NextInt64(settings.FirstUserId, settings.LastUserId + 1);
        return random.NextDouble() < settings.UnknownShare ? settings.LastUserId + UnknownIdOffset + id : id;
    }

    public ProbeRequest Next()
    {
        buffer.ResetWrittenCount();
        using (var json = new Utf8JsonWriter(buffer))
        {
            if (settings.Mode == ProbeMode.Batch)
            {
                json.WriteStartObject();
                json.WriteStartArray("requests");
                for (var i = 0; i < settings.BatchSize; i++)
                {
                    WriteExtract(json);
                }
                json.WriteEndArray();
                json.WriteEndObject();
            }
            else
            {
                WriteExtract(json);
            }
        }
        // A copy: the request may still be in flight when this worker builds the next one.
        return new ProbeRequest(settings.Mode == ProbeMode.Batch ? BatchPath : SinglePath, buffer.WrittenMemory.ToArray(),
            settings.Mode == ProbeMode.Batch ? settings.BatchSize : 1);
    }

    private void WriteExtract(Utf8JsonWriter json)
    {
        json.WriteStartObject();
        json.WriteNumber("userId", NextUserId());
        json.WriteNumber("currentValue", settings.CurrentValue);
        json.WriteEndObject();
    }
}
