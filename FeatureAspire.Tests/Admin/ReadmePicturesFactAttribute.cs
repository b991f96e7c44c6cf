namespace FeatureAspire.Tests.Admin;

/// <summary>
/// A fact that runs only when asked to refresh the README's pictures (<c>docs/screenshots.sh</c> sets
/// <see cref="OutputVariable"/> to the folder they go to), and only where Chromium is installed.
/// </summary>
public sealed class ReadmePicturesFactAttribute : FactAttribute
{
    public const string OutputVariable = "FEATUREASPIRE_README_PICTURES";

    public ReadmePicturesFactAttribute()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(OutputVariable)))
        {
            Skip = $"Refreshes the README's pictures; run docs/screenshots.sh (it sets {OutputVariable}).";
        }
        else if (!File.Exists(RequiresChromiumFactAttribute.ChromiumPath))
        {
            Skip = $"{RequiresChromiumFactAttribute.ChromiumPath} is missing (apt-get install chromium).";
        }
    }

    public static string PathOf(string fileName)
    {
        var folder = Environment.GetEnvironmentVariable(OutputVariable)!;
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, fileName);
    }
}
