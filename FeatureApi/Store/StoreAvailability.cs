using Microsoft.Extensions.Logging;

namespace FeatureApi.Store;

/// <summary>
/// Tracks whether the store is answering, so a failure episode is logged once when it starts and once when it ends
/// rather than once per request.
/// </summary>
public sealed partial class StoreAvailability(ILogger<StoreAvailability> logger, TimeProvider time)
{
    private int failing;
    private long failingSince;

    public bool IsFailing => Volatile.Read(ref failing) == 1;

    public void ReportSuccess()
    {
        if (Volatile.Read(ref failing) == 1 && Interlocked.Exchange(ref failing, 0) == 1)
        {
            LogStoreRecovered(logger, time.GetElapsedTime(Volatile.Read(ref failingSince)).TotalSeconds);
        }
    }

    public void ReportFailure(Exception? exception, string reason)
    {
        if (Volatile.Read(ref failing) == 0 && Interlocked.Exchange(ref failing, 1) == 0)
        {
            Volatile.Write(ref failingSince, time.GetTimestamp());
            LogStoreFailing(logger, exception, reason);
        }
    }

    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning,
        Message = "The feature store is failing ({Reason}); serving defaults marked unavailable until it answers again.")]
    private static partial void LogStoreFailing(ILogger logger, Exception? exception, string reason);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "The feature store answers again after {Seconds:F1} s.")]
    private static partial void LogStoreRecovered(ILogger logger, double seconds);
}
