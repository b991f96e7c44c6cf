using System.Globalization;
using StackExchange.Redis;

namespace FeatureAspire.Tests.Infrastructure;

/// <summary>What the store itself counted: calls per command since the last <c>CONFIG RESETSTAT</c> (INFO commandstats).</summary>
public static class StoreCommandStats
{
    public static async Task<Dictionary<string, long>> CallsAsync(IServer server)
    {
        var stats = (string?)await server.ExecuteAsync("INFO", "commandstats") ?? "";
        return stats.Split('\n', StringSplitOptions.TrimEntries)
            .Where(line => line.StartsWith("cmdstat_", StringComparison.Ordinal))
            .ToDictionary(
                line => line["cmdstat_".Length..line.IndexOf(':', StringComparison.Ordinal)],
                line => long.Parse(line.Split("calls=")[1].Split(',')[0], CultureInfo.InvariantCulture));
    }

    /// <summary>Forgets the counts so far.</summary>
    public static Task ResetAsync(IServer server) => server.ExecuteAsync("CONFIG", "RESETSTAT");
}
