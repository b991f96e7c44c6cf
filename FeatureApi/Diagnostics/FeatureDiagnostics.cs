using System.Diagnostics;

namespace FeatureApi.Diagnostics;

/// <summary>The spans of the extraction pipeline: features.extract → features.store.lookup → features.compute.</summary>
internal static class FeatureDiagnostics
{
    public static readonly ActivitySource Source = new(FeatureTelemetry.ActivitySourceName);
}
