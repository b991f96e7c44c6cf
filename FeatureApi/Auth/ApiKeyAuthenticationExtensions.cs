using FeatureApi.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace FeatureApi.Extensions;

internal static partial class ApiKeyAuthenticationExtensions
{
    /// <summary>
    /// API keys (scheme <c>ApiKey</c>), one authorization policy per scope, and options checked at start: FeatureApi
    /// refuses to start without keys unless Auth:Disabled=true, and refuses that switch outside Development.
    /// </summary>
    public static IHostApplicationBuilder AddApiKeyAuthentication(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ApiKeyOptions>()
            .Bind(builder.Configuration.GetSection(ApiKeyOptions.SectionName))
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<ApiKeyOptions>, ApiKeyOptionsValidation>();
        builder.Services.AddSingleton<ApiKeyRing>();
        builder.Services.AddHostedService<AuthDisabledWarning>();

        builder.Services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        var policies = builder.Services.AddAuthorizationBuilder();
        foreach (var scope in ApiScopes.All)
        {
            policies.AddPolicy(scope, policy => policy.RequireClaim(ApiKeyRing.ScopeClaim, scope));
        }
        return builder;
    }

    /// <summary>
    /// Authenticates every request, puts the key name on its logs, then authorizes it. Rate limits are charged by each
    /// route once its body is read (<see cref="RateLimitingExtensions.ChargesWork{TBuilder}"/>), so they charge work.
    /// </summary>
    public static WebApplication UseApiKeys(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseMiddleware<ApiKeyLogScopeMiddleware>();
        app.UseAuthorization();
        return app;
    }

    /// <summary>Says at start, every time, that FeatureApi runs without keys.</summary>
    private sealed partial class AuthDisabledWarning(IOptions<ApiKeyOptions> options, ILogger<AuthDisabledWarning> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            if (options.Value.Disabled)
            {
                LogAuthDisabled(logger);
            }
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        [LoggerMessage(EventId = 2001, Level = LogLevel.Warning,
            Message = "Auth:Disabled=true: FeatureApi answers every request without an API key. For local experiments only.")]
        private static partial void LogAuthDisabled(ILogger logger);
    }
}
