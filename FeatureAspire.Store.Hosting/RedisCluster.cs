using System.Diagnostics;
using System.Globalization;
using StackExchange.Redis;

namespace FeatureAspire.Store.Hosting;

/// <summary>
/// Forms a Redis Cluster from freshly started, empty cluster-enabled redis-server nodes (see
/// <see cref="StoreLaunchSettings.ClusterNode"/>): the first <see cref="Primaries"/> nodes share the hash slots evenly,
/// each further node replicates one of them in turn. The same steps as <c>redis-cli --cluster create</c>, sent through
/// StackExchange.Redis so no password goes on a command line.
/// </summary>
public static class RedisCluster
{
    public const int HashSlots = 16384;
    public const int Primaries = 3;
    public const int ReplicasPerPrimary = 1;
    public const int Nodes = Primaries * (1 + ReplicasPerPrimary);

    /// <summary>How long a primary may be silent before its replica takes over: seconds, not the default 15.</summary>
    public static readonly TimeSpan NodeTimeout = TimeSpan.FromSeconds(2);

    /// <summary>Assigns slots, introduces the nodes, attaches the replicas and waits until every node reports <c>cluster_state:ok</c>.</summary>
    public static async Task CreateAsync(IReadOnlyList<int> ports, string adminPassword, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (ports.Count <= Primaries)
        {
            throw new ArgumentException($"A cluster of {Primaries} primaries with replicas needs more than {Primaries} nodes.", nameof(ports));
        }
        var started = Stopwatch.GetTimestamp();
        var options = new ConfigurationOptions { Password = adminPassword, AllowAdmin = true, AbortOnConnectFail = true, ConnectRetry = 0 };
        foreach (var port in ports)
        {
            await StoreProbe.WaitUntilReadyAsync(AdminConnectionString([port], adminPassword), () => true, timeout, cancellationToken).ConfigureAwait(false);
            options.EndPoints.Add("127.0.0.1", port);
        }
        await using var connection = await ConnectionMultiplexer.ConnectAsync(options).ConfigureAwait(false);
        var nodes = ports.Select(port => connection.GetServer("127.0.0.1", port)).ToList();

        var ids = new List<string>();
        foreach (var node in nodes)
        {
            ids.Add((string?)await node.ExecuteAsync("CLUSTER", "MYID").ConfigureAwait(false) ?? "");
        }
        for (var i = 0; i < Primaries; i++)
        {
            await nodes[i].ExecuteAsync("CLUSTER", "ADDSLOTSRANGE", i * HashSlots / Primaries, (i + 1) * HashSlots / Primaries - 1).ConfigureAwait(false);
        }
        foreach (var port in ports.Skip(1))
        {
            await nodes[0].ExecuteAsync("CLUSTER", "MEET", "127.0.0.1", port).ConfigureAwait(false);
        }
        await WaitUntilAsync("every node knows every other", started, timeout, cancellationToken, async () =>
        {
            foreach (var node in nodes)
            {
                var known = ((string?)await node.ExecuteAsync("CLUSTER", "NODES").ConfigureAwait(false) ?? "")
                    .Split('\n', StringSplitOptions.RemoveEmptyEntries);
                if (known.Length < nodes.Count || known.Any(line => line.Contains("handshake", StringComparison.Ordinal)))
                {
                    return false;
                }
            }
            return true;
        }).ConfigureAwait(false);
        for (var i = Primaries; i < nodes.Count; i++)
        {
            await nodes[i].ExecuteAsync("CLUSTER", "REPLICATE", ids[i % Primaries]).ConfigureAwait(false);
        }
        await WaitUntilAsync("cluster_state:ok on every node", started, timeout, cancellationToken, async () =>
        {
            foreach (var node in nodes)
            {
                var info = (string?)await node.ExecuteAsync("CLUSTER", "INFO").ConfigureAwait(false) ?? "";
                if (!info.Contains("cluster_state:ok", StringComparison.Ordinal))
                {
                    return false;
                }
            }
            return true;
        }).ConfigureAwait(false);
    }

    /// <summary>The node list StackExchange.Redis takes for a cluster, as FeatureApi's user.</summary>
    public static string ApiConnectionString(IEnumerable<int> ports, StoreCredentials credentials) =>
        $"{NodeList(ports)},user={StoreAccess.ApiUser},password={credentials.ApiPassword}";

    /// <summary>The node list as the default user, with admin commands enabled.</summary>
    public static string AdminConnectionString(IEnumerable<int> ports, StoreCredentials credentials) =>
        AdminConnectionString(ports, credentials.AdminPassword) + ",allowAdmin=true";

    private static string AdminConnectionString(IEnumerable<int> ports, string adminPassword) => $"{NodeList(ports)},password={adminPassword}";

    private static string NodeList(IEnumerable<int> ports) =>
        string.Join(',', ports.Select(port => string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{port}")));

    private static async Task WaitUntilAsync(string what, long started, TimeSpan timeout, CancellationToken cancellationToken, Func<Task<bool>> done)
    {
        while (!await done().ConfigureAwait(false))
        {
            if (Stopwatch.GetElapsedTime(started) > timeout)
            {
                throw new TimeoutException($"The Redis Cluster did not reach '{what}' within {timeout.TotalSeconds:0} s.");
            }
            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }
    }
}
