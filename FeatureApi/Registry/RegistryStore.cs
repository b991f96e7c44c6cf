using System.Globalization;
using System.Text.Json;
using FeatureApi.Json;
using StackExchange.Redis;

namespace FeatureApi.Registry;

/// <summary>
/// The repository's versions, kept in the store so every FeatureApi process, on any store mode, sees the same history:
/// the current version number, each version's document (the last <see cref="RetainedDocuments"/>) and each version's
/// record (when, by which key, what changed). All under one hash tag, so an apply is one atomic script on a cluster too.
/// </summary>
public sealed class RegistryStore(IConnectionMultiplexer redis)
{
    /// <summary>Documents kept for rollback; older versions keep their history record only.</summary>
    public const int RetainedDocuments = 100;

    private static readonly RedisKey VersionKey = "fs:registry:{r}:version";
    private static readonly RedisKey DocumentsKey = "fs:registry:{r}:documents";
    private static readonly RedisKey RecordsKey = "fs:registry:{r}:records";

    // Compare and set: the version moves only if it is still the one the caller planned against (-1: any).
    private const string ApplyScript = """
        local current = tonumber(redis.call('GET', KEYS[1]) or '0')
        local expected = tonumber(ARGV[1])
        if expected >= 0 and expected ~= current then
            return {0, current}
        end
        local version = current + 1
        redis.call('HSET', KEYS[2], version, ARGV[2])
        redis.call('HSET', KEYS[3], version, ARGV[3])
        redis.call('SET', KEYS[1], version)
        local retained = tonumber(ARGV[4])
        if version > retained then
            redis.call('HDEL', KEYS[2], version - retained)
        end
        return {1, version}
        """;

    private IDatabase Database => redis.GetDatabase();

    /// <summary>The current version, 0 when none was ever applied.</summary>
    public async Task<long> CurrentVersionAsync(CancellationToken cancellationToken)
    {
        var value = await Database.StringGetAsync(VersionKey).WaitAsync(cancellationToken);
        return value.IsNull ? 0 : (long)value;
    }

    /// <summary>A version's document and record, or null when it is unknown or its document is no longer kept.</summary>
    public async Task<RepositoryVersion?> LoadAsync(long version, CancellationToken cancellationToken)
    {
        var field = Field(version);
        var document = Database.HashGetAsync(DocumentsKey, field);
        var record = Database.HashGetAsync(RecordsKey, field);
        await Task.WhenAll(document, record).WaitAsync(cancellationToken);
        if ((await document).IsNull || (await record).IsNull)
        {
            return null;
        }
        return new RepositoryVersion(Read(version, await record), (string)(await document)!);
    }

    /// <summary>
    /// Stores <paramref name="text"/> as the next version, if the current one is still <paramref name="expected"/>
    /// (null: whatever it is); the outcome says which version the store now has.
    /// </summary>
    public async Task<ApplyOutcome> ApplyAsync(long? expected, string text, VersionRecord record)
    {
        var result = (RedisResult[])(await Database.ScriptEvaluateAsync(ApplyScript, [VersionKey, DocumentsKey, RecordsKey],
            [expected ?? -1, text, JsonSerializer.Serialize(record, FeatureJsonContext.Default.VersionRecord), RetainedDocuments]))!;
        return new ApplyOutcome((long)result[0] == 1, (long)result[1]);
    }

    /// <summary>The records of the newest <paramref name="limit"/> versions, newest first.</summary>
    public async Task<IReadOnlyList<VersionRecord>> HistoryAsync(int limit, CancellationToken cancellationToken)
    {
        var current = await CurrentVersionAsync(cancellationToken);
        var versions = Enumerable.Range(0, (int)Math.Min(limit, current)).Select(i => current - i).ToArray();
        if (versions.Length == 0)
        {
            return [];
        }
        var records = await Database.HashGetAsync(RecordsKey, [.. versions.Select(Field)]).WaitAsync(cancellationToken);
        return [.. versions.Zip(records).Where(pair => !pair.Second.IsNull).Select(pair => Read(pair.First, pair.Second))];
    }

    private static RedisValue Field(long version) => version.ToString(CultureInfo.InvariantCulture);

    private static VersionRecord Read(long version, RedisValue json) =>
        (JsonSerializer.Deserialize((string)json!, FeatureJsonContext.Default.VersionRecord) ?? new VersionRecord()) with { Version = version };
}

/// <summary>One version of the repository: its record and its document as it was applied.</summary>
public sealed record RepositoryVersion(VersionRecord Record, string Text);

/// <summary>What is known of one applied version.</summary>
/// <param name="Version">The version number (the hash field it is kept under; not stored in the record itself).</param>
/// <param name="AppliedAt">When it was applied.</param>
/// <param name="AppliedBy">The name of the API key that applied it.</param>
/// <param name="Summary">What changed against the version before, in one line.</param>
/// <param name="RollbackOf">For a rollback, the version whose document it applied again.</param>
public sealed record VersionRecord(long Version = 0, DateTimeOffset AppliedAt = default, string AppliedBy = "", string Summary = "", long? RollbackOf = null);

/// <summary>Whether an apply took place, and the store's version after it (the new one, or the one that got in first).</summary>
public readonly record struct ApplyOutcome(bool Applied, long Version);
