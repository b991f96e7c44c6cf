using System.Runtime.Versioning;
using System.Text;
using FeatureAspire.Store.Hosting;
using FeatureAspire.Tests.Infrastructure;
using StackExchange.Redis;

namespace FeatureAspire.Tests.Store;

/// <summary>
/// The store as the shared launcher starts it for the AppHost, the tests and the benchmark: no password on the
/// command line, FeatureApi's user limited to what FeatureApi does, and a memory bound that refuses writes.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class StoreHardeningTests
{
    [RequiresRedisServerFact]
    public async Task NoPasswordAppearsOnTheStoreCommandLine()
    {
        await using var store = RedisServerProcess.Start();

        // redis-server rewrites its process title once started, so what it was given is checked as well as what shows.
        var commandLines = new[]
        {
            string.Join(' ', store.Launch.Arguments),
            Encoding.UTF8.GetString(await File.ReadAllBytesAsync($"/proc/{store.ProcessId}/cmdline")).Replace('\0', ' '),
        };

        Assert.Equal([Path.Combine(store.Launch.Directory, StoreConfiguration.RedisConfigFile)], store.Launch.Arguments);
        foreach (var password in new[] { store.Launch.Settings.Credentials.ApiPassword, store.Launch.Settings.Credentials.AdminPassword })
        {
            Assert.DoesNotContain(commandLines, commandLine => commandLine.Contains(password, StringComparison.Ordinal));
        }
        var configFile = Path.Combine(store.Launch.Directory, StoreConfiguration.RedisConfigFile);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(configFile));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(store.Launch.Directory));
    }

    [RequiresRedisServerFact]
    public async Task TheConfigurationDirectoryIsDeletedWithTheStore()
    {
        var store = RedisServerProcess.Start();
        var directory = store.Launch.Directory;

        await store.DisposeAsync();

        Assert.False(Directory.Exists(directory));
    }

    [SkippableTheory]
    [InlineData("redis", "FLUSHALL")]
    [InlineData("redis", "CONFIG", "GET", "maxmemory")]
    [InlineData("redis", "KEYS", "*")]
    [InlineData("redis", "ACL", "LIST")]
    [InlineData("redis", "SCRIPT", "FLUSH")]
    [InlineData("garnet", "FLUSHALL")]
    [InlineData("garnet", "CONFIG", "GET", "maxmemory")]
    [InlineData("garnet", "KEYS", "*")]
    [InlineData("garnet", "ACL", "LIST")]
    public async Task FeatureApisUserIsRefusedCommandsFeatureApiDoesNotSend(string kind, string command, params string[] args)
    {
        Skip.If(StoreServer.Unavailable(kind) is not null, StoreServer.Unavailable(kind));
        await using var store = StoreServer.Start(kind);
        await using var featureApi = await ConnectionMultiplexer.ConnectAsync(store.ConnectionString);

        var refused = await Assert.ThrowsAsync<RedisServerException>(() => featureApi.GetDatabase().ExecuteAsync(command, [.. args]));

        Assert.StartsWith("NOPERM", refused.Message, StringComparison.Ordinal);
    }

    [RequiresRedisServerFact]
    public async Task OnRedisServerFeatureApisUserIsRefusedKeysOutsideItsPrefix()
    {
        await using var store = RedisServerProcess.Start();
        await using var featureApi = await ConnectionMultiplexer.ConnectAsync(store.ConnectionString);
        var db = featureApi.GetDatabase();

        await db.StringSetAsync("fs:hardening", "1");
        var refused = await Assert.ThrowsAsync<RedisServerException>(() => db.StringSetAsync("session:1", "1"));

        Assert.StartsWith("NOPERM", refused.Message, StringComparison.Ordinal);
    }

    [SkippableTheory]
    [InlineData("redis")]
    [InlineData("garnet")]
    public async Task FeatureApisUserCanDoWhatFeatureApiDoes(string kind)
    {
        Skip.If(StoreServer.Unavailable(kind) is not null, StoreServer.Unavailable(kind));
        await using var store = StoreServer.Start(kind);
        await using var featureApi = await ConnectionMultiplexer.ConnectAsync(store.ConnectionString);
        var db = featureApi.GetDatabase();
        RedisKey user = "fs:{u:7}", index = "fs:users", tile = "fs:{u:7}:clicks:60s:1:sum";

        var transaction = db.CreateTransaction();
        _ = transaction.HashSetAsync(user, [new HashEntry("user_age", "44")]);
        _ = transaction.SortedSetAddAsync(index, "0000000000000000007", 0);
        _ = transaction.StringIncrementAsync(tile, 2.5);
        _ = transaction.KeyExpireAsync(tile, TimeSpan.FromMinutes(5));
        Assert.True(await transaction.ExecuteAsync());
        await db.ScriptEvaluateAsync("redis.call('SET', KEYS[1], ARGV[1]) redis.call('PEXPIREAT', KEYS[1], ARGV[2]) return redis.call('GET', KEYS[1])",
            ["fs:{u:7}:clicks:60s:1:max"], [3, DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeMilliseconds()]);

        Assert.Equal("44", (string?)(await db.HashGetAsync(user, ["user_age"]))[0]);
        Assert.Single(await db.HashGetAllAsync(user));
        Assert.Equal(1, await db.SortedSetLengthAsync(index));
        Assert.Single(await db.SortedSetRangeByValueAsync(index, default, default, Exclude.None, Order.Ascending, 0, 10));
        Assert.Equal(["2.5", "3"], (await db.StringGetAsync([tile, "fs:{u:7}:clicks:60s:1:max"])).Select(v => (string?)v));
        Assert.Contains("_version:", (string?)await db.ExecuteAsync("INFO", "server"), StringComparison.Ordinal);
        Assert.True(await db.StringSetAsync("fs:roundtrip:1", "written", TimeSpan.FromMinutes(1)));
        Assert.Equal("written", (string?)await db.StringGetDeleteAsync("fs:roundtrip:1"));
        Assert.Equal(1, await db.SortedSetRemoveAsync(index, ["0000000000000000007"]));
        Assert.True(await db.KeyDeleteAsync(user));
    }

    [RequiresRedisServerFact]
    public async Task RedisServerRunsWithTheMemoryBoundAndRefusesRatherThanEvicts()
    {
        await using var store = RedisServerProcess.Start();
        await using var admin = await store.ConnectAsync();

        var config = (await admin.GetServers()[0].ConfigGetAsync("maxmemory*")).ToDictionary();

        Assert.Equal("1073741824", config["maxmemory"]);
        Assert.Equal("noeviction", config["maxmemory-policy"]);
    }

    [RequiresRedisServerFact]
    public async Task AWriteBeyondTheMemoryBoundIsRefusedAndReadsKeepWorking()
    {
        await using var store = RedisServerProcess.StartWithMaxMemory("2mb");
        await using var featureApi = await ConnectionMultiplexer.ConnectAsync(store.ConnectionString);
        var db = featureApi.GetDatabase();
        await db.StringSetAsync("fs:first", "kept");
        var value = new string('x', 64 * 1024);

        var refused = await Assert.ThrowsAsync<RedisServerException>(async () =>
        {
            for (var i = 0; i < 1000; i++)
            {
                await db.StringSetAsync($"fs:filler:{i}", value);
            }
        });

        Assert.StartsWith("OOM", refused.Message, StringComparison.Ordinal);
        Assert.Equal("kept", (string?)await db.StringGetAsync("fs:first"));
    }
}
