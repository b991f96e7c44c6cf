using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FeatureApi.Store;
using FeatureAspire.Tests.Infrastructure;
using StackExchange.Redis;

namespace FeatureAspire.Tests.Store;

/// <summary>
/// No request holds the single-threaded store for long: a large write reaches it as transactions and scripts of a
/// bounded size, never as one EXEC or one EVAL of everything, and still writes everything exactly once.
/// </summary>
public sealed class StoreStallTests
{
    [RequiresRedisServerFact]
    public async Task ABulkWriteOfAThousandUsersReachesTheStoreAsTransactionsOfBoundedSize()
    {
        await using var stack = await CountedStack.StartAsync();

        using var response = await stack.Api.PutAsJsonAsync("/api/users/features", new
        {
            users = Enumerable.Range(1, 1000).Select(id => new { userId = id, features = new { user_age = 30 + id % 50 } }),
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var calls = await StoreCommandStats.CallsAsync(stack.Server);
        Assert.Equal(1000, calls.GetValueOrDefault("hset") + calls.GetValueOrDefault("hmset"));
        // The write's own commands; the registry's polls and the cache's probes run beside it outside any transaction.
        var queued = calls.Where(c => c.Key is "hset" or "hmset" or "zadd" or "expire").Sum(c => c.Value);
        Assert.True(calls.GetValueOrDefault("exec") * StoreTransaction.MaxCommandsPerTransaction >= queued,
            $"{queued} commands in {calls.GetValueOrDefault("exec")} transactions: more than {StoreTransaction.MaxCommandsPerTransaction} in one.");
        Assert.Equal(1000, (await stack.Api.GetFromJsonAsync<JsonElement>("/api/users/count")).GetProperty("count").GetInt64());
    }

    [RequiresRedisServerFact]
    public async Task TenThousandEventsWithIdsForOneUserRunAsScriptsOfBoundedSizeAndCountOnce()
    {
        await using var stack = await CountedStack.StartAsync();
        var userId = 4242;
        var events = new { events = Enumerable.Range(0, 10_000).Select(i => new { userId, stream = "clicks", eventId = $"click-{i}" }) };

        using var first = await stack.Api.PostAsJsonAsync("/api/events", events);
        using var again = await stack.Api.PostAsJsonAsync("/api/events", events);

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(10_000, (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accepted").GetInt32());
        Assert.Equal(10_000, (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("duplicates").GetInt32());
        var scripts = (await StoreCommandStats.CallsAsync(stack.Server)).Where(c => c.Key is "evalsha" or "eval").Sum(c => c.Value);
        Assert.True(scripts * LiveEventWriter.MaxEventsPerScript >= 2 * 10_000,
            $"20,000 events with ids ran as {scripts} scripts: more than {LiveEventWriter.MaxEventsPerScript} events in one.");
        var vector = await stack.Api.ExtractAsync(userId, ["clicks_1h"]);
        Assert.Equal(10_000, vector.GetProperty("features").GetProperty("clicks_1h").GetDouble());
    }

    /// <summary>A redis-server of its own with FeatureApi on it, its command counts reset once FeatureApi is up.</summary>
    private sealed class CountedStack(RedisServerProcess store, FeatureApiHost host, ConnectionMultiplexer admin) : IAsyncDisposable
    {
        public HttpClient Api { get; } = host.CreateClient();
        public IServer Server { get; } = admin.GetServers().Single();

        public static async Task<CountedStack> StartAsync()
        {
            var store = RedisServerProcess.Start();
            var stack = new CountedStack(store, new FeatureApiHost(store), await store.ConnectAsync());
            await StoreCommandStats.ResetAsync(stack.Server);
            return stack;
        }

        public async ValueTask DisposeAsync()
        {
            Api.Dispose();
            await admin.DisposeAsync();
            await host.DisposeAsync();
            await store.DisposeAsync();
        }
    }
}
