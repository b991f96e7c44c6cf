using FeatureApi.Definitions;
using StackExchange.Redis;

namespace FeatureApi.Registry;

/// <summary>
/// Keeps this process serving the store's current repository version. At start it applies the default repository if
/// the store has none (only the first process to ask wins; the others load it) and waits up to
/// <see cref="StartPatience"/> for the store, so a process does not serve the built-in default where the team's own
/// repository exists. Then it asks the store's version every <see cref="CheckInterval"/> and loads a newer one: one GET
/// a quarter second, with no subscription that a lost message could leave behind, so every process serves a version
/// well within a second of its apply. The process that applies serves its version at once.
/// </summary>
public sealed partial class RegistryRefresher(RegistryStore store, ServingRegistry serving, TimeProvider time, ILogger<RegistryRefresher> logger)
    : BackgroundService
{
    public static readonly TimeSpan CheckInterval = TimeSpan.FromMilliseconds(250);
    public static readonly TimeSpan StartPatience = TimeSpan.FromSeconds(5);

    /// <summary>The key name an apply by FeatureApi itself is recorded under.</summary>
    public const string DefaultAppliedBy = "featureapi (default repository)";

    private long failedVersion = -1;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        using var patience = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        patience.CancelAfter(StartPatience);
        while (!patience.IsCancellationRequested && !serving.State.FromStore)
        {
            await RefreshAsync(patience.Token);
            if (!serving.State.FromStore)
            {
                await Delay(patience.Token);
            }
        }
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await Delay(stoppingToken);
            await RefreshAsync(stoppingToken);
        }
    }

    private async Task Delay(CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(CheckInterval, time, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Stopping, or out of patience at start.
        }
    }

    /// <summary>Loads the store's current version if it is not the one served; applies the default when there is none.</summary>
    internal async Task RefreshAsync(CancellationToken cancellationToken)
    {
        try
        {
            var version = await store.CurrentVersionAsync(cancellationToken);
            if (version == 0)
            {
                var outcome = await store.ApplyAsync(expected: 0, DefaultRepository.Text,
                    new VersionRecord(AppliedAt: time.GetUtcNow(), AppliedBy: DefaultAppliedBy, Summary: "The default repository: the seed's features."));
                version = outcome.Version;
            }
            if (serving.State.FromStore && version == serving.Current.Version)
            {
                serving.Confirm(version);
                return;
            }
            if (version == failedVersion)
            {
                return;
            }
            await LoadAsync(version, cancellationToken);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            if (serving.State.Error is null)
            {
                LogStoreUnreachable(logger, ex);
            }
            serving.Fail(null, $"The store does not answer ({ex.Message}); serving version {serving.Current.Version}.");
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    private async Task LoadAsync(long version, CancellationToken cancellationToken)
    {
        var loaded = await store.LoadAsync(version, cancellationToken);
        var compiled = loaded is null ? null : RepositoryText.Compile(loaded.Text, version, serving.MaxAge);
        if (compiled?.Registry is { } registry)
        {
            if (serving.Serve(registry))
            {
                failedVersion = -1;
                LogServing(logger, version);
            }
            return;
        }
        // A document that does not compile never will on this build, so it is not read again; a missing one may be
        // written yet (a store restored from a backup in parts, a hand edit), so the next check looks again.
        failedVersion = loaded is null ? -1 : version;
        var reason = loaded is null
            ? $"Version {version} is not in the store."
            : $"Version {version} does not compile here: {string.Join("; ", compiled!.Errors.Take(3).Select(e => $"{e.Field}: {e.Message}"))}";
        LogVersionFailed(logger, version, reason);
        serving.Fail(version, $"{reason} Serving version {serving.Current.Version}.");
    }

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Serving feature repository version {Version}.")]
    private static partial void LogServing(ILogger logger, long version);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Error, Message = "Feature repository version {Version} cannot be served: {Reason}")]
    private static partial void LogVersionFailed(ILogger logger, long version, string reason);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "The store does not answer; the feature repository version served stays as it is.")]
    private static partial void LogStoreUnreachable(ILogger logger, Exception exception);
}
