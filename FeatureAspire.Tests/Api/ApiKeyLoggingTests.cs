using FeatureAspire.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FeatureAspire.Tests.Api;

/// <summary>Log lines written while a request runs name the caller's key, never the key.</summary>
public sealed class ApiKeyLoggingTests(GarnetStoreFixture garnet) : IClassFixture<GarnetStoreFixture>
{
    [Fact]
    public async Task LogsWithinARequestCarryTheKeyNameInTheirScope()
    {
        var logs = new ScopeRecorder();
        await using var host = new FeatureApiHost(garnet.Store, configureServices: services => services.AddLogging(logging => logging
            .AddProvider(logs)
            // Routing logs "Executing endpoint" at Debug from inside the request, after authentication.
            .AddFilter<ScopeRecorder>("Microsoft.AspNetCore.Routing", LogLevel.Debug)));
        using var reader = host.CreateClient(FeatureApiHost.ReaderKey);

        (await reader.GetAsync("/api/users/count")).EnsureSuccessStatusCode();

        var scopes = logs.Entries.Where(e => e.Message.Contains("/api/users/count", StringComparison.Ordinal)).SelectMany(e => e.Scope).ToList();
        Assert.Contains(new KeyValuePair<string, string?>("ApiKeyName", "reader"), scopes);
        Assert.DoesNotContain(logs.Entries.SelectMany(e => e.Scope), s => s.Value?.Contains(FeatureApiHost.ReaderKey, StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task WithAuthDisabledLogsWithinARequestNameTheOpenCaller()
    {
        var logs = new ScopeRecorder();
        await using var host = new FeatureApiHost(garnet.Store, new Dictionary<string, string?> { ["Auth:Disabled"] = "true" }, testKeys: false,
            configureServices: services => services.AddLogging(logging => logging
                .AddProvider(logs)
                .AddFilter<ScopeRecorder>("Microsoft.AspNetCore.Routing", LogLevel.Debug)));
        using var anyone = host.CreateClient(apiKey: null);

        (await anyone.GetAsync("/api/users/count")).EnsureSuccessStatusCode();

        var scopes = logs.Entries.Where(e => e.Message.Contains("/api/users/count", StringComparison.Ordinal)).SelectMany(e => e.Scope).ToList();
        Assert.Contains(new KeyValuePair<string, string?>("ApiKeyName", "auth-disabled"), scopes);
    }

    /// <summary>Every log entry with the key-value pairs of its scopes.</summary>
    private sealed class ScopeRecorder : ILoggerProvider, ISupportExternalScope
    {
        private IExternalScopeProvider scopes = new LoggerExternalScopeProvider();

        public System.Collections.Concurrent.ConcurrentQueue<(string Message, List<KeyValuePair<string, string?>> Scope)> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Recorder(this);

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => scopes = scopeProvider;

        public void Dispose()
        {
        }

        private sealed class Recorder(ScopeRecorder owner) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => owner.scopes.Push(state);

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var scope = new List<KeyValuePair<string, string?>>();
                owner.scopes.ForEachScope((value, list) =>
                {
                    if (value is IEnumerable<KeyValuePair<string, object?>> pairs)
                    {
                        list.AddRange(pairs.Select(p => new KeyValuePair<string, string?>(p.Key, p.Value?.ToString())));
                    }
                }, scope);
                owner.Entries.Enqueue((formatter(state, exception), scope));
            }
        }
    }
}
