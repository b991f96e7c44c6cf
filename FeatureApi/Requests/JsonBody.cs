using System.Buffers;
using System.IO.Pipelines;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;

namespace FeatureApi.Requests;

/// <summary>
/// How the framework binds a request body to its contract record (each record's <c>BindAsync</c> calls this): the body
/// must be <c>application/json</c> (415 otherwise, also when the Content-Type is missing), and is read with the app's
/// JSON options, so lists are bounded while they are read. A body of known, small length is buffered whole in the
/// request pipe (Kestrel's size limit still applies) and parsed in one synchronous pass, cheaper than streaming for the
/// few hundred bytes of the common extract; a larger or chunked one is streamed, so it costs its parser a few
/// kilobytes however large it is. A body that cannot be read becomes a <see cref="BadHttpRequestException"/> carrying
/// the JSON error, which the problem handler turns into a 400 that names the field.
/// </summary>
internal static class JsonBody
{
    /// <summary>Bodies up to this size are parsed in one pass; larger ones are streamed.</summary>
    private const long BufferedBodyBytes = 64 * 1024;

    public static async ValueTask<T?> BindAsync<T>(HttpContext context)
        where T : class
    {
        var request = context.Request;
        if (!request.HasJsonContentType())
        {
            throw new BadHttpRequestException("The request body must be JSON.", StatusCodes.Status415UnsupportedMediaType);
        }
        var typeInfo = TypeInfo<T>.For(context.RequestServices);
        try
        {
            return request.ContentLength is <= BufferedBodyBytes
                ? await ParseBufferedAsync(request.BodyReader, typeInfo, context.RequestAborted)
                : await JsonSerializer.DeserializeAsync(request.BodyReader, typeInfo, context.RequestAborted);
        }
        catch (JsonException invalid)
        {
            throw new RequestBodyException(typeof(T), invalid);
        }
    }

    /// <summary>
    /// The contract's metadata in the app's JSON options, looked up once per options instance rather than per request
    /// (a host of tests may run several apps with different limits in one process).
    /// </summary>
    private static class TypeInfo<T>
    {
        private static (JsonSerializerOptions Options, JsonTypeInfo<T> Info)? cached;

        public static JsonTypeInfo<T> For(IServiceProvider services)
        {
            var options = services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
            if (cached is { } known && ReferenceEquals(known.Options, options))
            {
                return known.Info;
            }
            var info = (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T));
            cached = (options, info);
            return info;
        }
    }

    private static async ValueTask<T?> ParseBufferedAsync<T>(PipeReader body, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        while (true)
        {
            var read = await body.ReadAsync(cancellationToken);
            if (read.IsCompleted || read.IsCanceled)
            {
                try
                {
                    return Parse(read.Buffer, typeInfo);
                }
                finally
                {
                    body.AdvanceTo(read.Buffer.End);
                }
            }
            body.AdvanceTo(read.Buffer.Start, read.Buffer.End);
        }
    }

    private static T? Parse<T>(ReadOnlySequence<byte> json, JsonTypeInfo<T> typeInfo)
    {
        var reader = new Utf8JsonReader(json);
        return JsonSerializer.Deserialize(ref reader, typeInfo);
    }
}

/// <summary>A body that does not fit its contract <see cref="BodyType"/>: the JSON error says where.</summary>
internal sealed class RequestBodyException(Type bodyType, JsonException error)
    : BadHttpRequestException("The request body does not fit the endpoint's contract.", StatusCodes.Status400BadRequest, error)
{
    public Type BodyType { get; } = bodyType;

    public JsonException Error { get; } = error;
}

/// <summary>
/// A request contract the framework binds from a JSON body (<see cref="JsonBody"/>), for endpoints whose handlers
/// take the record itself. The endpoint's description says so: it accepts the contract as JSON and may answer a
/// validation problem.
/// </summary>
internal interface IJsonBody<TSelf> : IBindableFromHttpContext<TSelf>, IEndpointParameterMetadataProvider
    where TSelf : class, IJsonBody<TSelf>
{
    static ValueTask<TSelf?> IBindableFromHttpContext<TSelf>.BindAsync(HttpContext context, ParameterInfo parameter) => JsonBody.BindAsync<TSelf>(context);

    static void IEndpointParameterMetadataProvider.PopulateMetadata(ParameterInfo parameter, EndpointBuilder builder)
    {
        builder.Metadata.Add(new AcceptsMetadata(["application/json"], typeof(TSelf)));
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status400BadRequest, typeof(HttpValidationProblemDetails), ["application/problem+json"]));
    }
}
