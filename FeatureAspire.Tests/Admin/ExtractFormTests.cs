using System.Text.Json;
using FeatureAdmin.Registry;
using FeatureAspire.Client;
using static FeatureAspire.Tests.Admin.AdminRepositories;

namespace FeatureAspire.Tests.Admin;

/// <summary>Try it builds an entities-shaped extract from the registry: the features chosen, and what they need.</summary>
public sealed class ExtractFormTests
{
    private static string Body(EntityExtractRequest request) => JsonSerializer.Serialize(request, FeatureApiJsonContext.Default.EntityExtractRequest);

    [Fact]
    public void TheDefaultSetNamesNoFeaturesAndCarriesWhatItsFeaturesNeed()
    {
        var form = new ExtractForm();

        var request = form.Build(TeamView);

        Assert.Equal("""{"entities":{"item":"item-1","user":1},"request":{"discount":0}}""", Body(request));
    }

    [Fact]
    public void PickedFeaturesAreNamedInOrderAndOnlyTheirEntitiesAreAskedFor()
    {
        var form = new ExtractForm { Choice = FeatureChoice.Features };
        form.Pick("item_views_1h", on: true);
        form.Pick("item_price", on: true);
        form.Keys["item"] = "sku-9";

        Assert.Equal("""{"entities":{"item":"sku-9"},"features":["item_price","item_views_1h"]}""", Body(form.Build(TeamView)));
    }

    [Fact]
    public void AFeatureSetIsNamedAndWhatItsFeaturesNeedIsAskedFor()
    {
        var form = new ExtractForm { Choice = FeatureChoice.FeatureSet, FeatureSet = "ranker_v2" };
        form.Prepare(TeamView);
        form.Keys["user"] = "101";
        form.Values["discount"] = 0.25;

        Assert.Equal("""{"entities":{"item":"item-1","user":101},"request":{"discount":0.25},"featureSet":"ranker_v2"}""", Body(form.Build(TeamView)));
    }

    [Fact]
    public void AKeyThatIsNotANumberIsSentAsTypedForFeatureApiToJudge()
    {
        var form = new ExtractForm { Choice = FeatureChoice.Features };
        form.Pick("user_age", on: true);
        form.Keys["user"] = " abc ";

        Assert.Equal(new EntityKey("abc"), form.Build(TeamView).Entities["user"]);
    }

    [Fact]
    public void WhatWasTypedIsKeptWhenTheChoiceChangesBackAndForth()
    {
        var form = new ExtractForm();
        form.Prepare(TeamView);
        form.Values["discount"] = 0.5;

        form.Choice = FeatureChoice.Features;
        form.Pick("user_age", on: true);
        Assert.Empty(form.Prepare(TeamView).RequestFields);
        form.Choice = FeatureChoice.DefaultSet;

        Assert.Equal(0.5, form.Build(TeamView).Request?["discount"]);
    }
}
