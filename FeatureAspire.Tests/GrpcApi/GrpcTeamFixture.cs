using System.Net;
using System.Net.Http.Json;
using FeatureAspire.Tests.Infrastructure;
using FeatureAspire.Tests.Registry;

namespace FeatureAspire.Tests.GrpcApi;

/// <summary>
/// One Garnet and one FeatureApi with its gRPC endpoint serving the team repository (a user, string-keyed items, a
/// request field, a live count and a named set), with a user and items written, for the tests that compare gRPC
/// answers with JSON ones. The near cache is off, so both transports read the store.
/// </summary>
public sealed class GrpcTeamFixture : IAsyncLifetime
{
    private StoreServer? store;

    internal GrpcApiHost Host { get; private set; } = null!;

    public long User { get; } = ApiFixture.NewUserId();

    /// <summary>Items with a stored price (10, 20, 30) and 0, 1 and 2 views; the last is never written.</summary>
    public string[] Items { get; private set; } = [];

    public async Task InitializeAsync()
    {
        store = StoreServer.Start("garnet");
        Host = new GrpcApiHost(store, new Dictionary<string, string?> { ["FeatureServing:CacheTtl"] = "00:00:00" });
        await Host.Http.ApplyAsync(TeamRepository.Yaml);
        Items = [.. Enumerable.Range(0, 3).Select(i => $"sku-{User}-{i}"), $"sku-{User}-never-written"];
        await Host.Http.SeedAsync(User, new { user_age = 25 });
        for (var i = 0; i < 3; i++)
        {
            using var write = await Host.Http.PutAsJsonAsync($"/api/entities/item/{Items[i]}/features", new { item_price = 10.0 * (i + 1) });
            Assert.Equal(HttpStatusCode.NoContent, write.StatusCode);
            using var views = await Host.Http.PostAsJsonAsync("/api/events", new { events = Enumerable.Range(0, i).Select(_ => new { stream = "views", key = Items[i] }) });
            Assert.True(i == 0 || views.StatusCode == HttpStatusCode.Accepted, $"Events answered {(int)views.StatusCode}.");
        }
    }

    public async Task DisposeAsync()
    {
        if (Host is not null)
        {
            await Host.DisposeAsync();
        }
        if (store is not null)
        {
            await store.DisposeAsync();
        }
    }
}
