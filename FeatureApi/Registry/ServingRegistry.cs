using FeatureApi.Definitions;
using FeatureApi.Features;
using FeatureApi.Store;
using Microsoft.Extensions.Options;

namespace FeatureApi.Registry;

/// <summary>
/// The registry version this process serves, swapped whole: a request reads <see cref="Current"/> once (as the scoped
/// <see cref="FeatureRegistry"/>) and is served from that version to the end, while a new one is compiled off the
/// request path. Until the store has answered, the built-in default repository is served as version 0. A version that
/// cannot be loaded leaves the last good one serving and is reported (<see cref="State"/>, health, the admin).
/// </summary>
public sealed class ServingRegistry
{
    private readonly StoredFeatureCache cache;
    private readonly TimeProvider time;
    private FeatureRegistry current;
    private RegistryState state;

    public ServingRegistry(StoredFeatureCache cache, IOptions<FeatureServingOptions> options, TimeProvider time)
    {
        this.cache = cache;
        this.time = time;
        MaxAge = options.Value.MaxAge;
        current = RepositoryText.CompileValid(DefaultRepository.Text, version: 0, MaxAge);
        state = new RegistryState(0, null, time.GetUtcNow(), null, FromStore: false);
    }

    /// <summary>Maximum ages set in configuration (FeatureServing:MaxAge), over the documents'.</summary>
    public IReadOnlyDictionary<string, TimeSpan> MaxAge { get; }

    public FeatureRegistry Current => Volatile.Read(ref current);

    public RegistryState State => Volatile.Read(ref state);

    /// <summary>Serves <paramref name="registry"/> from now on, unless a newer version is already served.</summary>
    public bool Serve(FeatureRegistry registry)
    {
        lock (cache)
        {
            var served = Current;
            if (State.FromStore && registry.Version <= served.Version && served.Version != 0)
            {
                return false;
            }
            // Cached replies are laid out by the old version's fields.
            cache.Clear();
            Volatile.Write(ref current, registry);
            Volatile.Write(ref state, new RegistryState(registry.Version, registry.Version, time.GetUtcNow(), null, FromStore: true));
            return true;
        }
    }

    /// <summary>The store answered with the version already served: whatever was wrong before is over.</summary>
    public void Confirm(long storeVersion)
    {
        lock (cache)
        {
            if (State.FromStore && storeVersion == Current.Version && (State.Error is not null || State.StoreVersion != storeVersion))
            {
                Volatile.Write(ref state, State with { StoreVersion = storeVersion, Error = null });
            }
        }
    }

    /// <summary>Records that <paramref name="version"/> could not be loaded; the current registry goes on serving.</summary>
    public void Fail(long? version, string reason)
    {
        lock (cache)
        {
            Volatile.Write(ref state, State with { StoreVersion = version ?? State.StoreVersion, Error = reason });
        }
    }
}

/// <summary>What this process serves and knows of the store's repository.</summary>
/// <param name="LoadedVersion">The version served (0: the built-in default, before the store answered).</param>
/// <param name="StoreVersion">The store's current version as last seen, when known.</param>
/// <param name="Since">When the served version was loaded.</param>
/// <param name="Error">Why the store's version is not served, when it is not.</param>
/// <param name="FromStore">False while the built-in default stands in for a store not yet reached.</param>
public sealed record RegistryState(long LoadedVersion, long? StoreVersion, DateTimeOffset Since, string? Error, bool FromStore);
