using System.Globalization;
using Microsoft.Extensions.Primitives;

namespace FeatureApi.Pipeline;

/// <summary>The response header naming the repository version an answer was served from.</summary>
public static class RegistryVersionHeader
{
    public const string Name = "Registry-Version";

    // The few versions a process serves at a time are formatted once, not per response.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<long, StringValues> Formatted = new();

    public static StringValues Value(long version) =>
        Formatted.Count < 64 ? Formatted.GetOrAdd(version, v => new StringValues(v.ToString(CultureInfo.InvariantCulture))) : version.ToString(CultureInfo.InvariantCulture);
}
