using System.Net;
using FeatureAspire.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FeatureAspire.Tests.Admin;

/// <summary>
/// The real FeatureAdmin in-process (its own Program), with settings and a clock a test chooses. Each client says
/// which address it comes from, since every in-process request would otherwise share one.
/// </summary>
public sealed class AdminHost(IReadOnlyDictionary<string, string?>? settings = null, TimeProvider? time = null)
    : WebApplicationFactory<FeatureAdmin.Security.SignInThrottle>
{
    private const string ClientAddressHeader = "X-Test-Client-Address";

    /// <summary>A client from <paramref name="address"/> that keeps cookies and does not follow redirects, like <see cref="AdminSignIn.AnonymousClient"/>.</summary>
    public HttpClient ClientFrom(string address)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        client.DefaultRequestHeaders.Add(ClientAddressHeader, address);
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Admin:Password", TestSecrets.AdminPassword);
        builder.UseSetting("FeatureApi:ApiKey", TestSecrets.AdminApiKey);
        // Nothing listens here: these tests never get past the login page to featureapi.
        builder.UseSetting("services:featureapi:http:0", "http://127.0.0.1:9");
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        builder.ConfigureServices(services =>
        {
            services.AddSingleton<IStartupFilter, ClientAddressFromHeader>();
            if (time is not null)
            {
                services.AddSingleton(time);
            }
        });
    }

    /// <summary>Sets the connection's remote address from the test's header before the admin's own middleware runs.</summary>
    private sealed class ClientAddressFromHeader : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (IPAddress.TryParse(context.Request.Headers[ClientAddressHeader], out var address))
                {
                    context.Connection.RemoteIpAddress = address;
                }
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
