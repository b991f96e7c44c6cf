namespace FeatureAspire.Tests.Admin;

/// <summary>
/// A fact that drives Debian's Chromium through Playwright; reported as skipped, with the reason, where it is missing.
/// CI installs chromium, so nothing is skipped there.
/// </summary>
public sealed class RequiresChromiumFactAttribute : FactAttribute
{
    public const string ChromiumPath = "/usr/bin/chromium";

    public RequiresChromiumFactAttribute()
    {
        if (!File.Exists(ChromiumPath))
        {
            Skip = $"{ChromiumPath} is missing (apt-get install chromium); .ci/run installs it.";
        }
    }
}
