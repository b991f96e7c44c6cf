using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Logging;
using FeatureApi.Features;
using StackExchange.Redis;

namespace FeatureApi.Store;

/// <summary>
/// Keeps every FeatureApi instance's <see cref="StoredFeatureCache"/> coherent: a write or delete through any instance
/// publishes the instances' keys, every instance (this one included) drops their entries and acknowledges, and the write
/// answers once every instance that heard it has acknowledged (or after <see cref="AcknowledgeTimeout"/>), so a read
/// through any instance after the answer sees the write. One channel per index shard,
/// <c>fs:invalidate:{s&lt;k&gt;}</c>, and one reply channel per instance. Every second each instance publishes a probe
/// on every channel and must hear it itself; until it does (at start, after its subscription connection failed, or when
/// a probe goes unheard) its cache does not serve, so a missed invalidation can never be served as a stale value.
/// Nothing is published or subscribed while the cache is off.
/// </summary>
/// <remarks>
/// On a Redis Cluster the channels are sharded (SPUBLISH, SSUBSCRIBE): the multiplexer sends a sharded channel to the
/// node owning its slot, where every instance subscribes, so SPUBLISH's count of listeners is complete and a write
/// waits for all of them. Plain channels there would reach everyone (a cluster forwards PUBLISH to every node), but the
/// multiplexer subscribes each instance on any node and PUBLISH counts only that node's listeners, so a write would
/// answer before the others dropped their entries. A sharded message never reaches a plain subscriber nor the reverse,
/// so every instance must make the same choice, and only a store that has answered says whether it is a cluster: the
/// choice waits until the store has answered (at start, or asked again every second and at every write), never guessing
/// from an unreachable one, which would leave an instance started during an outage deaf to its peers until the TTL.
/// </remarks>
public sealed partial class CacheInvalidation(IConnectionMultiplexer redis, StoredFeatureCache cache, ILogger<CacheInvalidation> logger)
    : IHostedService
{
    /// <summary>How long a write waits for the other instances; an instance that died meanwhile must not stall writes.</summary>
    public static readonly TimeSpan AcknowledgeTimeout = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How often the instance checks that it hears its invalidation channels (and, until the store has answered, asks
    /// it again what it is); the cache serves only while the last check was heard.
    /// </summary>
    private static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, Acknowledgements> waiting = new(StringComparer.Ordinal);
    private readonly string repliesName = $"fs:invalidated:{{{Guid.NewGuid():N}}}";
    // Never disposed: it is only ever waited on asynchronously, so it holds no wait handle.
    private readonly SemaphoreSlim choosing = new(1, 1);
    private CancellationTokenSource? checkLoop;
    private RedisChannel[] channels = [];
    private RedisChannel replies;
    private bool sharded;
    private Task checking = Task.CompletedTask;
    private volatile bool listening;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!cache.Enabled)
        {
            return;
        }
        redis.ConnectionFailed += OnConnectionFailed;
        // The first check before serving, so a healthy instance starts with its cache on.
        await CheckAsync(cancellationToken);
        checkLoop = new CancellationTokenSource();
        checking = CheckEveryIntervalAsync(checkLoop.Token);
    }

    /// <summary>
    /// Ends the checks and the subscriptions. Safe to call more than once, also concurrently: a test host may stop
    /// both from its own dispose and from the application's shutdown.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        redis.ConnectionFailed -= OnConnectionFailed;
        if (Interlocked.Exchange(ref checkLoop, null) is { } loop)
        {
            await loop.CancelAsync();
            await checking;
            loop.Dispose();
        }
        if (listening)
        {
            try
            {
                await redis.GetSubscriber().UnsubscribeAllAsync();
            }
            catch (Exception ex) when (ex is ObjectDisposedException or RedisException or TimeoutException)
            {
                // The connection is already gone (the host disposed it first, or the store is down): nothing to leave.
            }
        }
    }

    private async Task CheckEveryIntervalAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await Task.Delay(CheckInterval, cancellationToken);
                await CheckAsync(cancellationToken);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
        {
            // Stopping: the host may dispose the connection while a check is in flight.
        }
    }

    /// <summary>
    /// Subscribes once the store has answered, then publishes a probe on every invalidation channel and waits to hear
    /// them itself: heard, the cache serves; not heard, a write through another instance could go unseen, so it does not.
    /// </summary>
    private async Task CheckAsync(CancellationToken cancellationToken)
    {
        await ListenAsync(cancellationToken);
        if (!listening)
        {
            Suspend("the store has not answered yet, so the invalidation channels are not subscribed");
            return;
        }
        var nonce = Guid.NewGuid().ToString("N");
        var heard = waiting[nonce] = new Acknowledgements();
        try
        {
            var subscriber = redis.GetSubscriber();
            await Task.WhenAll(channels.Select(channel => subscriber.PublishAsync(channel, $"{repliesName}|{nonce}||"))).WaitAsync(AcknowledgeTimeout, cancellationToken);
            if (await heard.WaitAsync(channels.Length, AcknowledgeTimeout))
            {
                if (cache.Resume())
                {
                    LogCacheResumed(logger);
                }
            }
            else
            {
                Suspend($"this instance did not hear its own probe on the invalidation channels within {AcknowledgeTimeout.TotalMilliseconds} ms");
                await ResubscribeAsync(cancellationToken);
            }
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            Suspend($"the invalidation channels cannot be reached: {ex.Message}");
        }
        finally
        {
            waiting.TryRemove(nonce, out _);
        }
    }

    /// <summary>Messages published while the subscription is down are lost: stop serving at once, not at the next check.</summary>
    private void OnConnectionFailed(object? sender, ConnectionFailedEventArgs e)
    {
        if (e.ConnectionType == ConnectionType.Subscription)
        {
            Suspend($"the connection to the invalidation channels failed ({e.FailureType})");
        }
    }

    private void Suspend(string because)
    {
        if (cache.Suspend(because))
        {
            LogCacheSuspended(logger, because);
        }
    }

    /// <summary>
    /// Chooses the kind of channel and subscribes, once, as soon as the store has answered; until then does nothing.
    /// </summary>
    private async Task ListenAsync(CancellationToken cancellationToken)
    {
        if (listening)
        {
            return;
        }
        // One question at a time; a write arriving meanwhile waits for its answer rather than skip publishing.
        await choosing.WaitAsync(cancellationToken);
        try
        {
            if (!listening && await StoreTopology.AskIsClusterAsync(redis, cancellationToken) is { } cluster)
            {
                await SubscribeAsync(cluster, cancellationToken);
            }
        }
        finally
        {
            choosing.Release();
        }
    }

    private async Task SubscribeAsync(bool cluster, CancellationToken cancellationToken)
    {
        sharded = cluster;
        channels = [.. Enumerable.Range(0, FeatureKeys.IndexShards)
            .Select(shard => Channel(string.Create(CultureInfo.InvariantCulture, $"fs:invalidate:{{s{shard}}}")))];
        replies = Channel(repliesName);
        listening = true;
        await SubscribeChannelsAsync(cancellationToken);
    }

    private async Task SubscribeChannelsAsync(CancellationToken cancellationToken)
    {
        var subscriber = redis.GetSubscriber();
        try
        {
            await Task.WhenAll(channels.Select(channel => subscriber.SubscribeAsync(channel, onInvalidate ??= (_, message) => OnInvalidate(message)))
                    .Append(subscriber.SubscribeAsync(replies, onAcknowledged ??= (_, nonce) => OnAcknowledged(nonce))))
                .WaitAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // The multiplexer keeps the subscriptions and makes them again when it reconnects; the checks try again too.
            LogSubscribeFailed(logger, ex);
        }
    }

    /// <summary>
    /// Subscribes again after a probe went unheard: a subscription the store refused (say, while the user lacked the
    /// channel's permission) is not retried by the multiplexer until it reconnects.
    /// </summary>
    private async Task ResubscribeAsync(CancellationToken cancellationToken)
    {
        var subscriber = redis.GetSubscriber();
        try
        {
            await Task.WhenAll(channels.Select(channel => subscriber.UnsubscribeAsync(channel, onInvalidate))
                .Append(subscriber.UnsubscribeAsync(replies, onAcknowledged))).WaitAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // Unsubscribing from a server that is gone fails; the handlers are dropped all the same.
            LogSubscribeFailed(logger, ex);
        }
        await SubscribeChannelsAsync(cancellationToken);
    }

    private Action<RedisChannel, RedisValue>? onInvalidate;
    private Action<RedisChannel, RedisValue>? onAcknowledged;

    /// <summary>
    /// Drops the instances' entries on every FeatureApi process: here at once, elsewhere by one message per channel, and
    /// returns when every process that heard it has acknowledged. The write has already happened, so a failed publish
    /// does not fail the request: other processes then see the write within the TTL.
    /// </summary>
    public async Task PublishAsync(EntityDefinition entity, IEnumerable<EntityKey> keys)
    {
        if (!cache.Enabled)
        {
            return;
        }
        var byChannel = new Dictionary<int, List<string>>();
        foreach (var key in keys)
        {
            cache.Invalidate(entity.Name, key);
            var shard = FeatureKeys.ShardOf(key);
            if (!byChannel.TryGetValue(shard, out var encoded))
            {
                byChannel[shard] = encoded = [];
            }
            encoded.Add(Encode(key));
        }
        await ListenAsync(CancellationToken.None);
        if (!listening)
        {
            // Not reached yet, so not written either: nothing for the other instances to drop.
            return;
        }
        var nonce = Guid.NewGuid().ToString("N");
        var acknowledgements = waiting[nonce] = new Acknowledgements();
        try
        {
            var subscriber = redis.GetSubscriber();
            var heard = await Task.WhenAll(byChannel.Select(pair =>
                subscriber.PublishAsync(channels[pair.Key], $"{repliesName}|{nonce}|{entity.Name}|{string.Join(',', pair.Value)}")));
            if (!await acknowledgements.WaitAsync(heard.Sum(), AcknowledgeTimeout))
            {
                LogAcknowledgementsMissing(logger, AcknowledgeTimeout.TotalMilliseconds);
            }
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            LogPublishFailed(logger, ex);
        }
        finally
        {
            waiting.TryRemove(nonce, out _);
        }
    }

    private void OnInvalidate(RedisValue message)
    {
        var parts = message.ToString().Split('|', 4);
        if (parts.Length != 4)
        {
            return;
        }
        // A probe (no entity) is heard by its sender; the others ignore it.
        if (parts[2].Length == 0)
        {
            if (parts[0] == repliesName)
            {
                OnAcknowledged(parts[1]);
            }
            return;
        }
        foreach (var encoded in parts[3].Split(','))
        {
            if (Decode(encoded) is { } key)
            {
                cache.Invalidate(parts[2], key);
            }
        }
        redis.GetSubscriber().Publish(Channel(parts[0]), parts[1], CommandFlags.FireAndForget);
    }

    // A key travels with its kind, so the receiver rebuilds the same key: #101 for a number, $sku-9 for a string
    // (neither character can be part of a key, nor ',' or '|').
    private static string Encode(EntityKey key) => key.IsText ? "$" + key.Text : "#" + key.Number.ToString(CultureInfo.InvariantCulture);

    private static EntityKey? Decode(string encoded) => encoded switch
    {
        ['$', .. var text] => EntityKey.Of(text),
        ['#', .. var number] when long.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var n) => EntityKey.Of(n),
        _ => null,
    };

    private void OnAcknowledged(RedisValue nonce)
    {
        if (waiting.TryGetValue(nonce.ToString(), out var acknowledgements))
        {
            acknowledgements.Add();
        }
    }

    private RedisChannel Channel(string name) => sharded ? RedisChannel.Sharded(name) : RedisChannel.Literal(name);

    /// <summary>Counts acknowledgements, which may arrive before the publisher learns how many to expect.</summary>
    private sealed class Acknowledgements
    {
        private readonly TaskCompletionSource done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int received;
        private int expected = int.MaxValue;

        public void Add()
        {
            if (Interlocked.Increment(ref received) >= Volatile.Read(ref expected))
            {
                done.TrySetResult();
            }
        }

        public async Task<bool> WaitAsync(long listeners, TimeSpan timeout)
        {
            Volatile.Write(ref expected, (int)listeners);
            if (Volatile.Read(ref received) >= listeners)
            {
                return true;
            }
            try
            {
                await done.Task.WaitAsync(timeout);
                return true;
            }
            catch (TimeoutException)
            {
                return false;
            }
        }
    }

    [LoggerMessage(EventId = 1101, Level = LogLevel.Warning,
        Message = "Could not subscribe to cache invalidations; retrying when the store answers. Until then the near cache does not serve.")]
    private static partial void LogSubscribeFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1104, Level = LogLevel.Warning,
        Message = "The near cache stops serving (extracts read the store) because {Reason}.")]
    private static partial void LogCacheSuspended(ILogger logger, string reason);

    [LoggerMessage(EventId = 1105, Level = LogLevel.Information,
        Message = "The near cache serves again, from empty: this instance hears its invalidation channels.")]
    private static partial void LogCacheResumed(ILogger logger);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Warning,
        Message = "Could not publish a cache invalidation; other instances see the write after the cache TTL.")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Warning,
        Message = "Not every FeatureApi instance acknowledged a cache invalidation within {Milliseconds} ms; it may serve the old value until its cache TTL.")]
    private static partial void LogAcknowledgementsMissing(ILogger logger, double milliseconds);
}
