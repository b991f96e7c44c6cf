using System.Net;
using System.Net.Http.Json;
using System.Text;
using FeatureAspire.AppHost.Store;
using FeatureAspire.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace FeatureAspire.Tests.AppHost;

public sealed class AppHostTests
{
    [RequiresRedisServerFact]
    public Task StackStartsOnRedisServerAndRoundTripsThroughFeatureApi() => StackServesAsync("redis-server");

    [Fact]
    public Task StackStartsOnGarnetAndRoundTripsThroughFeatureApi() => StackServesAsync("garnet");

    [RequiresRedisServerFact]
    public Task StackStartsOnARedisClusterAndRoundTripsThroughFeatureApi() => StackServesAsync("cluster");

    private static async Task StackServesAsync(string storeMode)
    {
        List<StoreServerResource> servers;
        await using (var app = await FeatureAspireApp.StartAsync(storeMode))
        {
            servers = [.. app.Services.GetRequiredService<DistributedApplicationModel>().Resources.OfType<StoreServerResource>()];

            using var api = app.CreateHttpClient("featureapi");
            api.DefaultRequestHeaders.Add("X-API-Key", await app.GetSecretAsync("developer-api-key"));
            using var roundTrip = await api.PostAsync("/api/store/roundtrip", content: null).WaitAsync(FeatureAspireApp.StartTimeout);
            Assert.True(roundTrip.StatusCode == HttpStatusCode.OK, await roundTrip.Content.ReadAsStringAsync());
            var body = await roundTrip.Content.ReadFromJsonAsync<RoundTrip>();
            Assert.NotNull(body);
            Assert.Equal(body.Written, body.Read);

            await AssertGrpcServesAsync(app);

            using var admin = app.CreateHttpClient("featureadmin");
            var home = await admin.GetStringAsync("/").WaitAsync(FeatureAspireApp.StartTimeout);
            Assert.Contains("FeatureAspire", home, StringComparison.Ordinal);

            await AssertNoCommandLineCarriesASecretAsync(app);
            Assert.All(servers, server => Assert.True(Directory.Exists(server.ConfigurationDirectory)));
        }
        Assert.All(servers, server => Assert.False(Directory.Exists(server.ConfigurationDirectory), "The store's configuration outlived the AppHost."));
    }

    /// <summary>FeatureApi's grpc endpoint answers gRPC (cleartext HTTP/2 through the AppHost's proxy) with the same keys.</summary>
    private static async Task AssertGrpcServesAsync(DistributedApplication app)
    {
        using var channel = global::Grpc.Net.Client.GrpcChannel.ForAddress(app.GetEndpoint("featureapi", "grpc"));
        var client = new FeatureAspire.Serving.V1.FeatureService.FeatureServiceClient(channel);
        var headers = new global::Grpc.Core.Metadata { { "x-api-key", await app.GetSecretAsync("developer-api-key") } };
        var definitions = await client.GetDefinitionsAsync(new FeatureAspire.Serving.V1.GetDefinitionsRequest(), headers).ResponseAsync.WaitAsync(FeatureAspireApp.StartTimeout);
        Assert.Contains(definitions.Features, feature => feature.Name == "user_age");
    }

    /// <summary>Every process on the machine, the store's included: a secret on a command line is readable by any local user.</summary>
    private static async Task AssertNoCommandLineCarriesASecretAsync(DistributedApplication app)
    {
        var secrets = new List<string>();
        foreach (var parameter in app.Services.GetRequiredService<DistributedApplicationModel>().Resources.OfType<ParameterResource>().Where(p => p.Secret))
        {
            secrets.Add(await parameter.GetValueAsync(CancellationToken.None) ?? throw new InvalidOperationException($"{parameter.Name} has no value."));
        }
        Assert.Contains(secrets, secret => secret.Length > 0);

        foreach (var commandLine in Directory.EnumerateDirectories("/proc").Select(process => Path.Combine(process, "cmdline")))
        {
            string text;
            try
            {
                text = Encoding.UTF8.GetString(await File.ReadAllBytesAsync(commandLine));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                continue; // A process that ended meanwhile, or /proc entries that are not processes.
            }
            // Not Assert.DoesNotContain: its failure message would print the secrets.
            Assert.False(secrets.Any(secret => text.Contains(secret, StringComparison.Ordinal)), $"{commandLine} carries a secret.");
        }
    }

    private sealed record RoundTrip(string Written, string Read, double ElapsedMilliseconds);
}
