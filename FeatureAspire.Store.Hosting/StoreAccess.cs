namespace FeatureAspire.Store.Hosting;

/// <summary>
/// The least-privilege user FeatureApi connects as: only the commands it sends (directly, inside its Lua scripts, and
/// in StackExchange.Redis's handshake) on keys under <see cref="ApiKeyPattern"/>. A command missing here fails with
/// NOPERM in every integration test that goes through FeatureApi, so the list cannot silently fall behind the code.
/// </summary>
public static class StoreAccess
{
    public const string ApiUser = "featureapi";

    /// <summary>Every key FeatureApi reads or writes, and every channel it uses, starts with <c>fs:</c> (see FeatureApi's FeatureKeys).</summary>
    public const string ApiKeyPattern = "fs:*";

    /// <summary>The channel StackExchange.Redis subscribes to on connect to hear of primary changes.</summary>
    public const string ClientConfigurationChannel = "__Booksleeve_MasterChanged";

    /// <summary>The key StackExchange.Redis reads on connect to choose between primaries (read only).</summary>
    public const string ClientTieBreakerKey = "__Booksleeve_TieBreak";

    /// <summary>Commands, in ACL syntax (<c>container|subcommand</c>), grouped by who sends them.</summary>
    public static readonly IReadOnlyList<string> ApiCommands =
    [
        // Feature vectors, the entity indexes and the repository versions (RedisFeatureStore, RegistryStore, StoreApi's round trip).
        "hget", "hmget", "hset", "hmset", "hgetall", "hdel", "del", "unlink", "zadd", "zrem", "zcard", "zrangebylex",
        "get", "set", "setex", "psetex", "setnx", "mget", "getdel",
        // Live tiles and event ids (LiveEventWriter, its max script).
        "incr", "incrby", "incrbyfloat", "expire", "pexpire", "expireat", "pexpireat",
        "multi", "exec", "discard", "eval", "evalsha", "script|load", "script|exists",
        // StackExchange.Redis's handshake and keep-alive, and StoreApi's INFO server. Its CONFIG GET is refused on
        // purpose: the client falls back to defaults, and the configuration is the administrator's business.
        "hello", "select", "ping", "echo", "info", "client|setname", "client|id", "subscribe", "unsubscribe",
        // Cache invalidation across FeatureApi instances (CacheInvalidation); sharded on a cluster, see ShardedPubSubCommands.
        "publish",
        "cluster|nodes", "cluster|info",
        // On a cluster: replicas answer reads (StackExchange.Redis falls back to them while a primary is down).
        "readonly",
    ];

    /// <summary>
    /// Sharded pub/sub, used by FeatureApi only on a Redis Cluster; Garnet 2.2 does not know SUNSUBSCRIBE and refuses to
    /// start with it in a rule.
    /// </summary>
    public static readonly IReadOnlyList<string> ShardedPubSubCommands = ["spublish", "ssubscribe", "sunsubscribe"];

    /// <summary>
    /// The store's users as ACL rules: the default user as administrator, and <see cref="ApiUser"/>. Garnet 2.2
    /// enforces commands (also inside Lua) but has no key or channel patterns (its parser refuses <c>~fs:*</c>), so
    /// there the user may touch any key.
    /// </summary>
    public static IReadOnlyList<string> Rules(StoreServerKind kind, StoreCredentials credentials) => kind switch
    {
        StoreServerKind.Redis =>
        [
            $"user default on >{credentials.AdminPassword} ~* &* +@all",
            $"user {ApiUser} on >{credentials.ApiPassword} resetkeys ~{ApiKeyPattern} %R~{ClientTieBreakerKey} resetchannels &{ClientConfigurationChannel} &{ApiKeyPattern} -@all {Commands} {Allow(ShardedPubSubCommands)}",
        ],
        _ =>
        [
            $"user default on >{credentials.AdminPassword} +@all",
            $"user {ApiUser} on >{credentials.ApiPassword} -@all {Commands}",
        ],
    };

    private static string Commands => Allow(ApiCommands);

    private static string Allow(IEnumerable<string> commands) => string.Join(' ', commands.Select(command => "+" + command));
}
