using System.Net;
using System.Text.Json;
using FeatureAdmin.Registry;
using FeatureAspire.Client;

namespace FeatureAspire.Tests.Admin;

/// <summary>The registry editor plans before it applies, applies what it planned, and turns each refusal into what a person does next.</summary>
public sealed class RegistryEditorTests
{
    private const string Document = "entities: []\n";

    private static RegistryPlan Plan(long version, bool breaking = false) => new(version, version, breaking, "1 added, 0 changed, 0 removed.",
        [new RegistryChange("entity", "item", RegistryChangeType.Added, breaking, breaking ? "It breaks." : null, [])], ["Created entity item"]);

    private static FeatureApiException Refusal(HttpStatusCode status, string problem) =>
        new(status, $"FeatureApi answered {(int)status}.", JsonSerializer.Deserialize(problem, FeatureApiJsonContext.Default.FeatureApiProblem));

    private static RegistryEditor Planned(long version = 3)
    {
        var editor = new RegistryEditor { Text = Document };
        editor.Planned(Document, Plan(version));
        return editor;
    }

    [Fact]
    public void ApplyIsOfferedOnlyAfterAPlanOfTheTextInTheEditor()
    {
        var editor = new RegistryEditor { Text = Document };
        Assert.True(editor.CanPlan);
        Assert.False(editor.CanApply);

        editor.Planned(Document, Plan(3));
        Assert.True(editor.CanApply);
        Assert.Equal(3, editor.PlannedAgainst);

        editor.Text += "streams: []\n";
        Assert.False(editor.CanApply);
        Assert.Equal(Document, editor.PlannedText);
    }

    [Fact]
    public void AConflictSaysWhereTheStoreIsAndAsksForANewPlan()
    {
        var editor = Planned(version: 3);

        editor.Refused(Refusal(HttpStatusCode.Conflict, """{"title":"Another version was applied first.","status":409,"currentVersion":4}"""));

        Assert.Equal(new RegistryOutcome.Conflict(3, 4), editor.Outcome);
        Assert.False(editor.CanApply);
        editor.Planned(Document, Plan(4));
        Assert.True(editor.CanApply);
        Assert.Equal(4, editor.PlannedAgainst);
    }

    [Fact]
    public void BreakingChangesShowTheirPlanAndOfferForce()
    {
        var editor = Planned();

        editor.Refused(Refusal(HttpStatusCode.UnprocessableEntity, """
            {"title":"The document has breaking changes.","status":422,"detail":"Apply with ?force=true to accept them.",
             "plan":["Updated feature clicks_1h (breaking)","  tile: 5m -> 1m","  ! The window starts from empty."]}
            """));

        Assert.IsType<RegistryOutcome.Breaking>(editor.Outcome);
        Assert.Equal("The window starts from empty.", Assert.Single(editor.Plan!.Entries).Consequence);
        Assert.False(editor.CanApply);
        Assert.True(editor.CanForce);
    }

    [Fact]
    public void AnInvalidDocumentListsEveryPlaceFeatureApiNamedAndDropsThePlan()
    {
        var editor = Planned();

        editor.Refused(Refusal(HttpStatusCode.BadRequest, """
            {"title":"The repository is invalid.","status":400,
             "errors":{"features[4].expression":["Unknown input 'x' at 3."],"entities[0].key":["int64 or string.","Required."]}}
            """));

        var invalid = Assert.IsType<RegistryOutcome.Invalid>(editor.Outcome);
        Assert.Equal(
            [new FieldError("features[4].expression", "Unknown input 'x' at 3."), new FieldError("entities[0].key", "int64 or string."),
             new FieldError("entities[0].key", "Required.")],
            invalid.Errors);
        Assert.Null(editor.Plan);
        Assert.False(editor.CanApply);
    }

    [Fact]
    public void AnotherRefusalIsItsSentenceAndTheApplyCanBeTriedAgain()
    {
        var editor = Planned();

        editor.Refused(new FeatureApiException(HttpStatusCode.ServiceUnavailable, "FeatureApi answered 503 Service Unavailable."));

        Assert.Equal(new RegistryOutcome.Failed("FeatureApi answered 503 Service Unavailable."), editor.Outcome);
        Assert.True(editor.CanApply);
    }

    [Fact]
    public void AnAppliedPlanIsSpent()
    {
        var editor = Planned();

        editor.Applied(Plan(4), forced: false);

        Assert.Equal(new RegistryOutcome.Applied(4, "1 added, 0 changed, 0 removed.", false), editor.Outcome);
        Assert.False(editor.CanApply);
        Assert.NotNull(editor.Plan);
    }

    [Fact]
    public void OnlyTheSizeIsCheckedBeforeFeatureApiSeesTheDocument()
    {
        var editor = new RegistryEditor { Text = "  \n" };
        Assert.False(editor.CanPlan);

        editor.Text = "not: [a, repository";
        Assert.True(editor.CanPlan);

        editor.Text = new string('#', RegistryEditor.MaxDocumentBytes + 1);
        Assert.False(editor.CanPlan);
        Assert.Contains("at most 512 KB", editor.TextProblem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("entities: []", RepositoryMediaType.Yaml)]
    [InlineData("  {\"entities\": []}", RepositoryMediaType.Json)]
    public void AJsonObjectIsSentAsJsonAndAnythingElseAsYaml(string text, string mediaType) =>
        Assert.Equal(mediaType, RegistryEditor.MediaTypeOf(text));
}
