using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace FeatureApi.Pipeline;

/// <summary>
/// The 200 response of an extract: the vectors as JSON plus a <c>Server-Timing</c> header with the pipeline's time,
/// so clients (and the admin's probe) can tell server time from network time, and <c>Registry-Version</c>, the
/// repository version that served it (also for answers in the seed's shape, whose body stays as it was).
/// </summary>
public sealed class FeatureVectorsResult(FeatureVectors vectors, bool batch) : IResult, IDisposable
{
    public FeatureVectors Vectors { get; } = vectors;

    // One writer and buffer per thread, reset for each response: the JSON is written synchronously and copied into
    // the response before any await, so no other response can touch them meanwhile.
    [ThreadStatic] private static ArrayBufferWriter<byte>? threadBuffer;
    [ThreadStatic] private static Utf8JsonWriter? threadWriter;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        try
        {
            var buffer = threadBuffer ??= new ArrayBufferWriter<byte>(1024);
            buffer.ResetWrittenCount();
            var writer = threadWriter ??= new Utf8JsonWriter(buffer);
            writer.Reset(buffer);
            if (Vectors.Rows.Candidates is not null)
            {
                FeatureVectorWriter.WriteCandidates(writer, Vectors);
            }
            else if (batch)
            {
                FeatureVectorWriter.WriteBatch(writer, Vectors);
            }
            else
            {
                FeatureVectorWriter.WriteOne(writer, Vectors, 0);
            }
            writer.Flush();

            // A known length instead of chunked framing: one less encoding step for every client.
            var response = httpContext.Response;
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = "application/json; charset=utf-8";
            response.ContentLength = buffer.WrittenCount;
            response.Headers["Server-Timing"] = ServerTiming(Vectors.Elapsed);
            response.Headers[RegistryVersionHeader.Name] = Vectors.Features.Registry.VersionHeader;
            response.BodyWriter.Write(buffer.WrittenSpan);
            if (buffer.Capacity > MaxRetainedBufferBytes)
            {
                threadBuffer = null;
                threadWriter = null;
            }
            return response.BodyWriter.FlushAsync(httpContext.RequestAborted).AsTask();
        }
        finally
        {
            Dispose();
        }
    }

    /// <summary>
    /// <c>app;dur=0.123</c> in milliseconds to the microsecond, from integers: a custom format string ("0.###") was a
    /// visible share of an extract's CPU.
    /// </summary>
    internal static string ServerTiming(TimeSpan elapsed)
    {
        var microseconds = Math.Max(0, elapsed.Ticks / TimeSpan.TicksPerMicrosecond);
        return string.Create(CultureInfo.InvariantCulture, $"app;dur={microseconds / 1000}.{microseconds % 1000:D3}");
    }

    /// <summary>A thread keeps buffers up to this size; a larger batch answer gets a fresh one next time.</summary>
    private const int MaxRetainedBufferBytes = 1024 * 1024;

    public void Dispose() => Vectors.Dispose();
}
