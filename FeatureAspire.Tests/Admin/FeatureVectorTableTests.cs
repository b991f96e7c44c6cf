using Bunit;
using FeatureAdmin.Components.Shared;
using FeatureAspire.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.FluentUI.AspNetCore.Components;

namespace FeatureAspire.Tests.Admin;

public sealed class FeatureVectorTableTests : BunitContext
{
    public FeatureVectorTableTests()
    {
        Services.AddFluentUIComponents();
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    [Fact]
    public void EachFeatureShowsItsValueAndStatus()
    {
        var response = new FeatureVector(7,
            new Dictionary<string, double> { ["f_recency_score"] = 0.25, ["user_age"] = 30 },
            new Dictionary<string, FeatureStatus> { ["f_recency_score"] = FeatureStatus.Present, ["user_age"] = FeatureStatus.Default },
            Degraded: false);

        var table = Render<FeatureVectorTable>(parameters => parameters.Add(p => p.Response, response));

        var rows = table.FindAll("tbody tr");
        Assert.Equal(2, rows.Count);
        Assert.Contains("0.25", rows[0].TextContent, StringComparison.Ordinal);
        Assert.NotNull(rows[0].QuerySelector(".status-present"));
        Assert.NotNull(rows[1].QuerySelector(".status-default"));
        Assert.Empty(table.FindAll("fluent-message-bar"));
    }

    [Fact]
    public void DegradedAnswersAreFlaggedAndUnavailableFeaturesHighlighted()
    {
        var response = new FeatureVector(7,
            new Dictionary<string, double> { ["f_recency_score"] = 1 },
            new Dictionary<string, FeatureStatus> { ["f_recency_score"] = FeatureStatus.Unavailable },
            Degraded: true);

        var table = Render<FeatureVectorTable>(parameters => parameters.Add(p => p.Response, response));

        Assert.NotNull(table.Find(".status-unavailable"));
        Assert.Contains("Degraded", table.Markup, StringComparison.Ordinal);
    }
}
