using FeatureAspire.Tests.Infrastructure;

namespace FeatureAspire.Tests.Api;

/// <summary>
/// Two FeatureApi instances with the in-process cache on, sharing one store, as replicas do: a write through one is
/// served by the other at once, within the cache TTL, even while the other is busy reading the same user.
/// </summary>
public sealed class ReplicaCacheTests
{
    private static readonly Dictionary<string, string?> LongCache = new() { ["FeatureServing:CacheTtl"] = "01:00:00" };

    [SkippableTheory]
    [InlineData("redis")]
    [InlineData("garnet")]
    [InlineData("cluster")]
    public async Task AWriteThroughOneInstanceIsReadThroughTheOtherEveryTime(string storeKind)
    {
        await using var replicas = Replicas.Start(storeKind);
        using var writer = replicas.First.CreateClient();
        using var reader = replicas.Second.CreateClient();
        using var busyReader = replicas.Second.CreateClient();
        var userId = ApiFixture.NewUserId();
        await writer.SeedAsync(userId, new { user_age = 1 });

        // Extracts of the same user in flight on the reading instance while the writes land: none may put an older
        // value back into its cache after the write's invalidation.
        using var stop = new CancellationTokenSource();
        var busy = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await UserAgeAsync(busyReader, userId);
            }
        });
        try
        {
            for (var age = 2; age <= 40; age++)
            {
                await writer.SeedAsync(userId, new { user_age = age });

                Assert.Equal(age, await UserAgeAsync(reader, userId));
                Assert.Equal(age, await UserAgeAsync(reader, userId));
            }
        }
        finally
        {
            await stop.CancelAsync();
            await busy;
        }
    }

    [SkippableTheory]
    [InlineData("redis")]
    [InlineData("cluster")]
    public async Task ADeleteThroughOneInstanceIsSeenByTheOther(string storeKind)
    {
        await using var replicas = Replicas.Start(storeKind);
        using var writer = replicas.First.CreateClient();
        using var reader = replicas.Second.CreateClient();
        var userId = ApiFixture.NewUserId();
        await writer.SeedAsync(userId, new { user_age = 44 });
        Assert.Equal(44, await UserAgeAsync(reader, userId));

        (await writer.DeleteAsync($"/api/users/{userId}/features")).EnsureSuccessStatusCode();

        var vector = await reader.ExtractAsync(userId, ["user_age"]);
        Assert.Equal("default", vector.GetProperty("status").GetProperty("user_age").GetString());
    }

    /// <summary>A store of the given kind and two FeatureApi instances on it, skipped where the store cannot run.</summary>
    private sealed class Replicas(StoreServer store) : IAsyncDisposable
    {
        public FeatureApiHost First { get; } = new(store, LongCache);
        public FeatureApiHost Second { get; } = new(store, LongCache);

        public static Replicas Start(string storeKind)
        {
            var unavailable = StoreServer.Unavailable(storeKind);
            Skip.If(unavailable is not null, unavailable);
            return new Replicas(StoreServer.Start(storeKind));
        }

        public async ValueTask DisposeAsync()
        {
            await First.DisposeAsync();
            await Second.DisposeAsync();
            await store.DisposeAsync();
        }
    }

    private static async Task<double> UserAgeAsync(HttpClient api, long userId) =>
        (await api.ExtractAsync(userId, ["user_age"])).GetProperty("features").GetProperty("user_age").GetDouble();
}
