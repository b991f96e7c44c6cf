using System.Text;
using FeatureAspire.Bench.Suite;
using static FeatureAspire.Bench.Report.Invariant;

namespace FeatureAspire.Bench.Report;

/// <summary>The report's "Apply to served" section: how long an applied repository version takes to reach a second FeatureApi process.</summary>
internal static class ApplyToServedSection
{
    public static string Render(StoreRun run)
    {
        if (run.ApplyToServed is not { } result)
        {
            return "";
        }
        string Row(string name, IReadOnlyList<double> ms) =>
            F($"| {name} | {ms.Count} | {ApplyToServedResult.Percentile(ms, 0):0.0} | {ApplyToServedResult.Percentile(ms, 50):0.0} | {ApplyToServedResult.Percentile(ms, 100):0.0} |");
        var checkMs = ApplyToServed.CheckInterval.TotalMilliseconds;
        var md = new StringBuilder();
        md.AppendLine("## Apply to served");
        md.AppendLine();
        md.AppendLine(F($"{result.Applies} applies (`PUT /api/registry?force=true`, YAML) through the default FeatureApi process, alternating two copies of the default repository that differ only in their description, ") +
            F($"with a second FeatureApi process on the same store asked for an extract every {ApplyToServed.PollInterval.TotalMilliseconds:0} ms on one keep-alive connection. ") +
            F($"Each apply waits a random 0–{checkMs:0} ms after the previous one was served, so the applies land at random points of the second process's check. Times in ms."));
        md.AppendLine();
        md.AppendLine("| | applies | min | p50 | max |");
        md.AppendLine("| --- | ---: | ---: | ---: | ---: |");
        md.AppendLine(Row("apply answered (round trip of the PUT on the applying process)", result.ApplyMs));
        md.AppendLine(Row("**served by the second process**, from the apply's answer to its first extract answered with the new `Registry-Version`", result.ServedAfterMs));
        md.AppendLine();
        md.AppendLine(F($"The applying process answered its next extract with the new version after {result.ServedAtOnceByApplier} of {result.Applies} applies (it serves what it applied at once). ") +
            F($"Every other process checks the store's version every {checkMs:0} ms by design (FeatureApi's `RegistryRefresher.CheckInterval`, one GET each time, no subscription a lost message could leave behind), ") +
            F($"so the second process's time is where the apply fell in that interval plus loading the version, up to {checkMs:0} ms and a load; the issue's bound is one second. ") +
            F($"Each time is late by at most one poll ({ApplyToServed.PollInterval.TotalMilliseconds:0} ms plus an extract)."));
        if (result.NotServed > 0)
        {
            md.AppendLine();
            md.AppendLine(F($"**{result.NotServed} of {result.Applies} applies were not served by the second process within {ApplyToServed.GiveUpAfter.TotalSeconds:0} s** (left out of the times above); see its log and `/api/registry/status`."));
        }
        md.AppendLine();
        return md.ToString();
    }
}
