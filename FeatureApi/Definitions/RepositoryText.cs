using FeatureApi.Features;

namespace FeatureApi.Definitions;

/// <summary>Text to registry in one step: parse, validate and compile, with every error at its place.</summary>
public static class RepositoryText
{
    /// <param name="maxAge">Per stored feature, a maximum age set in configuration (FeatureServing:MaxAge), over the document's.</param>
    public static RepositoryCompilation Compile(string text, long version, IReadOnlyDictionary<string, TimeSpan>? maxAge = null)
    {
        var parsed = RepositoryParser.Parse(text);
        return parsed.Document is null
            ? RepositoryCompilation.Failed([parsed.Error!])
            : RepositoryCompiler.Compile(parsed.Document, version, maxAge);
    }

    /// <summary>A registry from text known to be valid (the default repository, a version the store accepted).</summary>
    public static FeatureRegistry CompileValid(string text, long version, IReadOnlyDictionary<string, TimeSpan>? maxAge = null)
    {
        var compiled = Compile(text, version, maxAge);
        return compiled.Registry ?? throw new InvalidOperationException(
            $"Repository version {version} does not compile: {string.Join("; ", compiled.Errors.Select(e => $"{e.Field}: {e.Message}"))}");
    }
}
