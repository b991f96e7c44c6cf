using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FeatureAspire.Tests.Infrastructure;

/// <summary>
/// FeatureApi on Kestrel (real HTTP on a loopback port) against a real store, with settings a test can choose. It
/// holds three API keys; <see cref="WebApplicationFactory{TEntryPoint}.CreateClient()"/> gives a client that sends
/// <see cref="TestKey"/> (both scopes), <see cref="CreateClient(string?)"/> one with another key or none.
/// </summary>
public sealed class FeatureApiHost : WebApplicationFactory<FeatureApi.Pipeline.ExtractionPipeline>
{
    public const string ApiKeyHeader = "X-API-Key";

    /// <summary>Key name <c>test</c>: features:read, features:write and registry:write.</summary>
    public const string TestKey = "test-key-0123456789-read-and-write";

    /// <summary>Key name <c>reader</c>: features:read only.</summary>
    public const string ReaderKey = "test-key-0123456789-read-only";

    /// <summary>Key name <c>writer</c>: features:write only.</summary>
    public const string WriterKey = "test-key-0123456789-write-only";

    private static readonly Dictionary<string, string?> ApiKeys = new()
    {
        ["Auth:ApiKeys:test:Key"] = TestKey,
        ["Auth:ApiKeys:test:Scopes:0"] = "features:read",
        ["Auth:ApiKeys:test:Scopes:1"] = "features:write",
        ["Auth:ApiKeys:test:Scopes:2"] = "registry:write",
        ["Auth:ApiKeys:reader:Key"] = ReaderKey,
        ["Auth:ApiKeys:reader:Scopes:0"] = "features:read",
        ["Auth:ApiKeys:writer:Key"] = WriterKey,
        ["Auth:ApiKeys:writer:Scopes:0"] = "features:write",
    };

    private readonly string connectionString;
    private readonly IReadOnlyDictionary<string, string?> settings;

    private readonly TimeProvider? time;

    private readonly Action<IServiceCollection>? configureServices;

    private readonly string environment;

    /// <param name="environment">The host environment; Development serves the OpenAPI document.</param>
    /// <param name="testKeys">False starts without the three test keys, to test what happens with none.</param>
    /// <param name="listenOnAnyAddress">True listens on every address, not only loopback, to be called from another address of this machine.</param>
    public FeatureApiHost(StoreServer store, IReadOnlyDictionary<string, string?>? settings = null, TimeProvider? time = null,
        Action<IServiceCollection>? configureServices = null, string environment = "Development", bool testKeys = true,
        bool listenOnAnyAddress = false)
    {
        this.environment = environment;
        this.time = time;
        this.configureServices = configureServices;
        connectionString = store.ConnectionString;
        // The production deadline (50 ms) is shorter than a cold start's JIT on a busy test machine; tests of the
        // deadline itself set it back explicitly.
        var merged = new Dictionary<string, string?>(testKeys ? ApiKeys : []) { ["FeatureServing:Deadline"] = "00:00:05", ["FeatureServing:BatchDeadline"] = "00:00:05" };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            merged[key] = value;
        }
        this.settings = merged;
        // Listen configured here rather than UseKestrel(0): that overload rewrites the server addresses after start and
        // throws now and then when hosts start in parallel.
        UseKestrel(kestrel => kestrel.Listen(listenOnAnyAddress ? System.Net.IPAddress.Any : System.Net.IPAddress.Loopback, 0));
        StartServer();
    }

    /// <summary>A client that sends <paramref name="apiKey"/> in X-API-Key, or no key when it is null.</summary>
    public HttpClient CreateClient(string? apiKey)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Remove(ApiKeyHeader);
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Add(ApiKeyHeader, apiKey);
        }
        return client;
    }

    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        client.DefaultRequestHeaders.Add(ApiKeyHeader, TestKey);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        builder.UseSetting("ConnectionStrings:redis", connectionString);
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        if (time is not null)
        {
            builder.ConfigureServices(services => services.AddSingleton(time));
        }
        if (configureServices is not null)
        {
            builder.ConfigureServices(configureServices);
        }
    }
}
