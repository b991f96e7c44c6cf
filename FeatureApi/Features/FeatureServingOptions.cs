using System.ComponentModel.DataAnnotations;

namespace FeatureApi.Features;

/// <summary>How features are served; bound from the <c>FeatureServing</c> section.</summary>
public sealed class FeatureServingOptions
{
    public const string SectionName = "FeatureServing";

    /// <summary>The latency budget of one extract: past it, missing store answers become <c>unavailable</c> defaults.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:01:00")]
    public TimeSpan Deadline { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// The latency budget of one batch extract. A batch's exchange grows with its users and, under load, its replies
    /// queue behind other requests' in the process: a budget sized for one user would call a healthy store unavailable.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:01:00")]
    public TimeSpan BatchDeadline { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The most requests (users) one batch extract or bulk write may carry.</summary>
    [Range(1, 100_000)]
    public int MaxBatchSize { get; set; } = 1000;

    /// <summary>
    /// How long stored features stay in the near cache: the longest a write that bypasses the API (straight to the store)
    /// can go unseen; writes through the API are seen at once by every instance. Zero turns the cache off.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan CacheTtl { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The most memory the near cache holds, in (estimated) bytes; past it the least recently used entries go.</summary>
    [Range(1024L * 1024, 64L * 1024 * 1024 * 1024)]
    public long CacheMaxBytes { get; set; } = 128L * 1024 * 1024;

    /// <summary>Per stored feature, the age past which its value is served as <c>stale</c>.</summary>
    public Dictionary<string, TimeSpan> MaxAge { get; set; } = [];

    /// <summary>The most live events one ingestion request may carry; a larger request is refused whole.</summary>
    [Range(1, 1_000_000)]
    public int MaxEventsPerRequest { get; set; } = 10_000;

    /// <summary>How far in the future an event's timestamp may be, to allow for clocks that run ahead.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan ClockSkewAllowance { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The largest magnitude of an event value or a stored feature value. Sums of tiles stay far from the limits of a
    /// double (10,000 events of 1e15 per request), so no input can overflow the store's arithmetic.
    /// </summary>
    [Range(1.0, 1e300)]
    public double MaxValueMagnitude { get; set; } = 1e15;

    /// <summary>
    /// How long an accepted event's <c>eventId</c> is remembered per user, so a retry of the event is not counted
    /// again; at least the longest live window (an older event could not count anyway).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "365.00:00:00")]
    public TimeSpan EventIdRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// Expiry of a user's stored features after their last write; zero (the default) keeps them until deleted.
    /// For deployments where users churn.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "3650.00:00:00")]
    public TimeSpan UserTtl { get; set; } = TimeSpan.Zero;

    /// <summary>The largest request body accepted, in bytes.</summary>
    [Range(1024, 256L * 1024 * 1024)]
    public long MaxRequestBodyBytes { get; set; } = 4 * 1024 * 1024;
}
