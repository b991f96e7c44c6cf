using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FeatureAspire.Tests.Infrastructure;

/// <summary>
/// FeatureApi on Kestrel (real HTTP on a loopback port) against a real store, with settings a test can choose.
/// </summary>
public sealed class FeatureApiHost : WebApplicationFactory<FeatureApi.Pipeline.ExtractionPipeline>
{
    private readonly string connectionString;
    private readonly IReadOnlyDictionary<string, string?> settings;

    private readonly TimeProvider? time;

    private readonly Action<IServiceCollection>? configureServices;

    public FeatureApiHost(StoreServer store, IReadOnlyDictionary<string, string?>? settings = null, TimeProvider? time = null,
        Action<IServiceCollection>? configureServices = null)
    {
        this.time = time;
        this.configureServices = configureServices;
        connectionString = store.ConnectionString;
        // The production deadline (50 ms) is shorter than a cold start's JIT on a busy test machine; tests of the
        // deadline itself set it back explicitly.
        var merged = new Dictionary<string, string?> { ["FeatureServing:Deadline"] = "00:00:05" };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            merged[key] = value;
        }
        this.settings = merged;
        // Listen configured here rather than UseKestrel(0): that overload rewrites the server addresses after start and
        // throws now and then when hosts start in parallel.
        UseKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, 0));
        StartServer();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
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
