using System.Net;
using System.Net.Http.Json;
using FeatureAspire.Tests.Admin;
using FeatureAspire.Tests.Infrastructure;

namespace FeatureAspire.Tests.AppHost;

/// <summary>
/// The AppHost with three FeatureApi replicas: each runs on its own address, a write through any one is read back
/// through the others, and the admin's overview counts all three answering.
/// </summary>
public sealed class ReplicaTests(ReplicaStackFixture stack) : IClassFixture<ReplicaStackFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task EachReplicaRunsOnItsOwnAddressAndAnswersHealth()
    {
        Assert.Equal(ReplicaStackFixture.Replicas, stack.ReplicaAddresses.Distinct().Count());

        foreach (var replica in stack.ReplicaAddresses)
        {
            using var client = await stack.ReplicaClientAsync(replica);
            using var health = await client.GetAsync("/health").WaitAsync(Timeout);
            Assert.True(health.StatusCode == HttpStatusCode.OK, $"{replica} answered {(int)health.StatusCode}.");
        }
    }

    [Fact]
    public async Task AWriteThroughAnyReplicaIsReadThroughEveryOther()
    {
        var clients = new List<HttpClient>();
        try
        {
            foreach (var replica in stack.ReplicaAddresses)
            {
                clients.Add(await stack.ReplicaClientAsync(replica));
            }
            var userId = ApiFixture.NewUserId();
            (await clients[0].PutAsJsonAsync($"/api/users/{userId}/features", new { user_age = 1 }).WaitAsync(Timeout)).EnsureSuccessStatusCode();
            // Every replica has read (and, with the in-process cache on, cached) the old value before each write.
            foreach (var client in clients)
            {
                Assert.Equal(1, await UserAgeAsync(client, userId));
            }

            for (var writer = 0; writer < clients.Count; writer++)
            {
                var age = 10 + writer;
                (await clients[writer].PutAsJsonAsync($"/api/users/{userId}/features", new { user_age = age }).WaitAsync(Timeout)).EnsureSuccessStatusCode();

                for (var reader = 0; reader < clients.Count; reader++)
                {
                    Assert.True(age == await UserAgeAsync(clients[reader], userId),
                        $"Replica {stack.ReplicaAddresses[reader]} did not read the value written through {stack.ReplicaAddresses[writer]}.");
                }
            }
        }
        finally
        {
            clients.ForEach(client => client.Dispose());
        }
    }

    [Fact]
    public async Task TheAdminOverviewCountsEveryReplicaAnswering()
    {
        using var admin = await AdminSignIn.SignedInClientAsync(stack.App.GetEndpoint("featureadmin", "http"));

        // The overview is prerendered with the replica check's result.
        var overview = await admin.GetStringAsync("/").WaitAsync(Timeout);

        Assert.Contains($"{ReplicaStackFixture.Replicas} of {ReplicaStackFixture.Replicas} answering", overview, StringComparison.Ordinal);
        Assert.All(stack.ReplicaAddresses, replica => Assert.Contains(replica.Authority, overview, StringComparison.Ordinal));
    }

    /// <summary>
    /// The user's age as the replica read it from the store. An answer the store read's deadline made unavailable (a
    /// busy machine) carries the registry's default, not a stored value, so it is asked again; any other answer is final.
    /// </summary>
    private static async Task<double> UserAgeAsync(HttpClient replica, long userId)
    {
        const int attempts = 10;
        for (var attempt = 1; ; attempt++)
        {
            var vector = await replica.ExtractAsync(userId, ["user_age"]).WaitAsync(Timeout);
            var status = vector.GetProperty("status").GetProperty("user_age").GetString();
            if (status != "unavailable" || attempt == attempts)
            {
                Assert.True(status == "present", $"{replica.BaseAddress} answered user_age as {status}.");
                return vector.GetProperty("features").GetProperty("user_age").GetDouble();
            }
        }
    }
}
