using System.Diagnostics;
using StackExchange.Redis;

namespace FeatureAspire.Store.Hosting;

/// <summary>Readiness of a store that is starting: it accepts the connection string's credentials and answers PING.</summary>
public static class StoreProbe
{
    public static async Task WaitUntilReadyAsync(string connectionString, Func<bool> isRunning, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var options = ConfigurationOptions.Parse(connectionString);
        options.AbortOnConnectFail = true;
        options.ConnectRetry = 0;
        options.ConnectTimeout = 2000;
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            if (!isRunning())
            {
                throw new InvalidOperationException($"The store on {options.EndPoints[0]} exited while starting.");
            }
            try
            {
                await using var connection = await ConnectionMultiplexer.ConnectAsync(options).ConfigureAwait(false);
                await connection.GetDatabase().PingAsync().ConfigureAwait(false);
                return;
            }
            catch (RedisException) when (Stopwatch.GetElapsedTime(started) < timeout)
            {
                await Task.Delay(50, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
