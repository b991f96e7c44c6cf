using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text;
using FeatureApi.Definitions;
using FeatureApi.Registry;
using Microsoft.AspNetCore.Http.Metadata;

namespace FeatureApi.Requests;

/// <summary>
/// A repository document as a request's body: YAML (<c>application/yaml</c>, <c>text/yaml</c>) or JSON
/// (<c>application/json</c>), at most <see cref="RepositoryParser.MaxDocumentBytes"/>. Bound by the framework like the
/// JSON bodies, and validated by the same mechanism: its validation is the whole compilation (every rule, every
/// expression), done once; the handler takes the compiled registry it left.
/// </summary>
public sealed class RepositoryBody : IBindableFromHttpContext<RepositoryBody>, IEndpointParameterMetadataProvider, IValidatableObject
{
    private static readonly string[] ContentTypes = ["application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml", "application/json"];

    /// <summary>What a 415 on a route that reads a document says to send.</summary>
    public static string UnsupportedMediaTypeDetail { get; } = $"A repository document is YAML or JSON: send it as {string.Join(", ", ContentTypes)}.";

    private RepositoryBody(string text) => Text = text;

    /// <summary>The document as sent.</summary>
    public string Text { get; }

    /// <summary>The compiled document, once validated (its version is set when it is stored).</summary>
    internal RepositoryCompilation? Compilation { get; private set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var serving = validationContext.GetRequiredService<ServingRegistry>();
        Compilation = RepositoryText.Compile(Text, version: 0, serving.MaxAge);
        var errors = new RequestErrors();
        foreach (var error in Compilation.Errors)
        {
            errors.Add(error.Field, error.Message);
        }
        return errors.Results;
    }

    public static async ValueTask<RepositoryBody?> BindAsync(HttpContext context, ParameterInfo parameter)
    {
        var request = context.Request;
        var mediaType = request.ContentType?.Split(';')[0].Trim();
        if (mediaType is null || !ContentTypes.Contains(mediaType, StringComparer.OrdinalIgnoreCase))
        {
            throw new BadHttpRequestException(UnsupportedMediaTypeDetail, StatusCodes.Status415UnsupportedMediaType);
        }
        if (request.ContentLength > RepositoryParser.MaxDocumentBytes)
        {
            throw new BadHttpRequestException($"A repository document is at most {RepositoryParser.MaxDocumentBytes / 1024} KB.",
                StatusCodes.Status413PayloadTooLarge);
        }
        // Read at most one byte past the bound, so a longer body without a Content-Length is refused, not buffered.
        var buffer = new byte[RepositoryParser.MaxDocumentBytes + 1];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await request.Body.ReadAsync(buffer.AsMemory(length), context.RequestAborted)) > 0)
        {
            length += read;
        }
        if (length > RepositoryParser.MaxDocumentBytes)
        {
            throw new BadHttpRequestException($"A repository document is at most {RepositoryParser.MaxDocumentBytes / 1024} KB.",
                StatusCodes.Status413PayloadTooLarge);
        }
        return new RepositoryBody(Encoding.UTF8.GetString(buffer, 0, length));
    }

    public static void PopulateMetadata(ParameterInfo parameter, EndpointBuilder builder)
    {
        builder.Metadata.Add(new AcceptsMetadata(ContentTypes, typeof(string)));
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status400BadRequest, typeof(HttpValidationProblemDetails), ["application/problem+json"]));
    }
}
