using System.Text;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace FeatureApi.Definitions;

/// <summary>
/// Reads a repository document, YAML or JSON (JSON is read as the YAML it also is, so both have one set of rules).
/// Untrusted input: the text is bounded before it is parsed, aliases and anchors are refused (a few lines of them can
/// expand to gigabytes), unknown fields and duplicate keys are errors with their line and column, and nothing but
/// the document's own classes is ever created.
/// </summary>
public static class RepositoryParser
{
    /// <summary>The longest document accepted, in UTF-8 bytes.</summary>
    public const int MaxDocumentBytes = 512 * 1024;

    private static readonly IDeserializer Deserializer = new DeserializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .WithDuplicateKeyChecking()
        .WithMaximumRecursion(16)
        .Build();

    public static RepositoryParse Parse(string text)
    {
        if (Encoding.UTF8.GetByteCount(text) > MaxDocumentBytes)
        {
            return RepositoryParse.Failed(new DefinitionError("document", $"The document is larger than {MaxDocumentBytes / 1024} KB."));
        }
        try
        {
            var parser = new NoAliasParser(new Parser(new StringReader(text)));
            var document = Deserializer.Deserialize<RepositoryDocument?>(parser);
            return document is null
                ? RepositoryParse.Failed(new DefinitionError("document", "The document is empty."))
                : RepositoryParse.Succeeded(document);
        }
        catch (YamlException invalid)
        {
            var message = (invalid.InnerException as YamlException ?? invalid).Message;
            return RepositoryParse.Failed(new DefinitionError("document",
                $"{FirstLine(message)} (line {invalid.Start.Line}, column {invalid.Start.Column})."));
        }
    }

    private static string FirstLine(string message)
    {
        var line = message.Split('\n')[0].Trim();
        // YamlDotNet prefixes its own position; the error's position is given once, at the end.
        var position = line.IndexOf("): ", StringComparison.Ordinal);
        return (line.StartsWith("(Line:", StringComparison.Ordinal) && position > 0 ? line[(position + 3)..] : line).TrimEnd('.');
    }

    /// <summary>Refuses anchors and aliases as they are read, before anything is built from them.</summary>
    private sealed class NoAliasParser(IParser inner) : IParser
    {
        public ParsingEvent? Current => inner.Current;

        public bool MoveNext()
        {
            if (!inner.MoveNext())
            {
                return false;
            }
            if (inner.Current is AnchorAlias || inner.Current is NodeEvent { Anchor.IsEmpty: false })
            {
                throw new YamlException(inner.Current.Start, inner.Current.End, "Anchors and aliases (& and *) are not allowed in a repository document.");
            }
            return true;
        }
    }
}

/// <summary>A parsed document, or why it could not be parsed.</summary>
public sealed record RepositoryParse(RepositoryDocument? Document, DefinitionError? Error)
{
    public static RepositoryParse Succeeded(RepositoryDocument document) => new(document, null);

    public static RepositoryParse Failed(DefinitionError error) => new(null, error);
}

/// <summary>What is wrong with a document, and where: <c>features[4].expression</c>, or <c>document</c> for its text.</summary>
public sealed record DefinitionError(string Field, string Message);
