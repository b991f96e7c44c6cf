using StackExchange.Redis;

namespace FeatureApi.Store;

/// <summary>
/// A write the store did not complete: on a cluster some hash slots may be written and others not. The message says
/// what a client may do about it, and is what the 503 problem tells the caller.
/// </summary>
public sealed class StoreWriteIncompleteException(string what, string retryAdvice, Exception innerException)
    : RedisException($"The store did not complete the {what}; parts of it may have been applied. {retryAdvice}", innerException);
