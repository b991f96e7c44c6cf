using System.Globalization;
using System.Text.Json;

namespace FeatureApi.Pipeline;

/// <summary>
/// The 200 response of an extract: the vectors as JSON plus a <c>Server-Timing</c> header with the pipeline's time,
/// so clients (and the admin's probe) can tell server time from network time.
/// </summary>
public sealed class FeatureVectorsResult(FeatureVectors vectors, bool batch) : IResult, IDisposable
{
    public FeatureVectors Vectors { get; } = vectors;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        try
        {
            var response = httpContext.Response;
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = "application/json; charset=utf-8";
            response.Headers["Server-Timing"] = string.Create(CultureInfo.InvariantCulture, $"app;dur={Vectors.Elapsed.TotalMilliseconds:0.###}");

            await using (var writer = new Utf8JsonWriter(response.BodyWriter))
            {
                if (batch)
                {
                    FeatureVectorWriter.WriteBatch(writer, Vectors);
                }
                else
                {
                    FeatureVectorWriter.WriteOne(writer, Vectors, 0);
                }
            }
            await response.BodyWriter.FlushAsync(httpContext.RequestAborted);
        }
        finally
        {
            Dispose();
        }
    }

    public void Dispose() => Vectors.Dispose();
}
