using System.Net.Http.Json;
using System.Text;
using static FeatureAspire.Tests.GrpcApi.GrpcAssertions;
using static FeatureAspire.Tests.GrpcApi.GrpcContractTests;
using Rpc = FeatureAspire.Serving.V1;

namespace FeatureAspire.Tests.GrpcApi;

/// <summary>
/// An invalid gRPC request is refused with INVALID_ARGUMENT whose google.rpc.BadRequest names the fields, with the
/// messages, that the JSON API's 400 problem names for the same request: both run the same rules.
/// </summary>
public sealed class GrpcValidationTests(GrpcTeamFixture team) : IClassFixture<GrpcTeamFixture>
{
    private readonly Rpc.FeatureService.FeatureServiceClient grpc = team.Host.Client();

    [Fact]
    public async Task AnInvalidExtractNamesTheFieldsTheJsonProblemNames()
    {
        var user = team.User;
        var item = team.Items[0];
        var unknownEntity = Extract(user, item, 0.1);
        unknownEntity.Entities.Add("shop", new Rpc.EntityKey { IntKey = 3 });
        var wrongKeyType = Extract(user, item, 0.1);
        wrongKeyType.Entities["user"] = new Rpc.EntityKey { StringKey = "abc" };
        var noKey = Extract(user, item, 0.1);
        noKey.Entities["item"] = new Rpc.EntityKey();
        var notARequestField = Extract(user, item, 0.1);
        notARequestField.Request["user_age"] = 3;
        var bothChoices = Extract(user, item, 0.1, features: ["price_per_year"], featureSet: "ranker_v2");

        await AssertSameErrorsAsync("/api/features/extract",
            new { entities = Entities(user, item), request = new { discount = 0.1 }, features = new[] { "price_per_year", "nope", "price_per_year" } },
            Extract(user, item, 0.1, features: ["price_per_year", "nope", "price_per_year"]));
        await AssertSameErrorsAsync("/api/features/extract",
            new { entities = new Dictionary<string, object> { ["user"] = user, ["item"] = item, ["shop"] = 3 }, request = new { discount = 0.1 } }, unknownEntity);
        await AssertSameErrorsAsync("/api/features/extract",
            new { entities = new Dictionary<string, object> { ["user"] = "abc", ["item"] = item }, request = new { discount = 0.1 } }, wrongKeyType);
        await AssertSameErrorsAsync("/api/features/extract",
            new { entities = new Dictionary<string, object> { ["user"] = user, ["item"] = 0 }, request = new { discount = 0.1 } }, noKey);
        await AssertSameErrorsAsync("/api/features/extract",
            new { entities = Entities(user, item), request = new { discount = 0.1, user_age = 3 } }, notARequestField);
        await AssertSameErrorsAsync("/api/features/extract",
            new { entities = new { user }, request = new { }, featureSet = "ranker_v2" }, Without(Extract(user, null, 0.1, featureSet: "ranker_v2")));
        await AssertSameErrorsAsync("/api/features/extract",
            new { entities = Entities(user, item), request = new { discount = 0.1 }, features = new[] { "price_per_year" }, featureSet = "ranker_v2" }, bothChoices);
        await AssertSameErrorsAsync("/api/features/extract",
            new { entities = Entities(user, item), request = new { discount = 0.1 }, featureSet = "ranker_v9" }, Extract(user, item, 0.1, featureSet: "ranker_v9"));
    }

    [Fact]
    public async Task AnInvalidBatchNamesEachItemsFieldsAsTheJsonProblemDoes()
    {
        var request = new Rpc.ExtractBatchRequest { FeatureSet = "ranker_v2" };
        request.Requests.Add(Item(team.User, team.Items[0]));
        request.Requests.Add(Item(team.User, null));
        var wrongKey = Item(-5, team.Items[1]);
        request.Requests.Add(wrongKey);

        var problem = await ProblemAsync("/api/features/extract/batch", new
        {
            requests = new object[]
            {
                new { entities = Entities(team.User, team.Items[0]), request = new { discount = 0.1 } },
                new { entities = new { user = team.User }, request = new { discount = 0.1 } },
                new { entities = Entities(-5, team.Items[1]), request = new { discount = 0.1 } },
            },
            featureSet = "ranker_v2",
        });
        AssertSameErrors(problem, await ViolationsAsync(() => grpc.ExtractBatchAsync(request).ResponseAsync));
        Assert.Contains("requests[1].entities.item", problem.Keys);

        AssertSameErrors(await ProblemAsync("/api/features/extract/batch", new { requests = Array.Empty<object>() }),
            await ViolationsAsync(() => grpc.ExtractBatchAsync(new Rpc.ExtractBatchRequest()).ResponseAsync));
    }

    [Fact]
    public async Task AnInvalidCandidatesCallNamesTheFieldsTheJsonProblemNames()
    {
        var request = new Rpc.ExtractCandidatesRequest
        {
            Candidates = new Rpc.CandidateList { Entity = "item", Keys = { new Rpc.EntityKey { StringKey = "ok" }, new Rpc.EntityKey { IntKey = 7 } } },
            FeatureSet = "ranker_v2",
        };
        request.Entities.Add("item", new Rpc.EntityKey { StringKey = "x" });
        AssertSameErrors(await ProblemAsync("/api/features/extract/candidates", new
        {
            entities = new { item = "x" },
            candidates = new { entity = "item", keys = new object[] { "ok", 7 } },
            featureSet = "ranker_v2",
        }), await ViolationsAsync(() => grpc.ExtractCandidatesAsync(request).ResponseAsync));

        var rows = new Rpc.ExtractCandidatesRequest { Candidates = new Rpc.CandidateList { Entity = "item" }, FeatureSet = "ranker_v2" };
        rows.Entities.Add("user", new Rpc.EntityKey { IntKey = team.User });
        rows.Candidates.Rows.Add(new Rpc.CandidateRow { Key = new Rpc.EntityKey { StringKey = "a" }, Request = { ["discount"] = 0.1 } });
        rows.Candidates.Rows.Add(new Rpc.CandidateRow { Key = new Rpc.EntityKey { StringKey = "b" } });
        AssertSameErrors(await ProblemAsync("/api/features/extract/candidates", new
        {
            entities = new { user = team.User },
            candidates = new { entity = "item", rows = new object[] { new { key = "a", request = new { discount = 0.1 } }, new { key = "b" } } },
            featureSet = "ranker_v2",
        }), await ViolationsAsync(() => grpc.ExtractCandidatesAsync(rows).ResponseAsync));

        AssertSameErrors(await ProblemAsync("/api/features/extract/candidates", new { entities = new { user = team.User } }),
            await ViolationsAsync(() => grpc.ExtractCandidatesAsync(new Rpc.ExtractCandidatesRequest { Entities = { ["user"] = new Rpc.EntityKey { IntKey = team.User } } }).ResponseAsync));
    }

    [Fact]
    public async Task WhatTheJsonBinderRefusesWhileReadingIsRefusedInItsWords()
    {
        // Not a finite number: JSON cannot send NaN, so its nearest is a value of the wrong kind; both name the value.
        var notFinite = Extract(team.User, team.Items[0], double.NaN);
        AssertSameErrors(await ProblemAsync("/api/features/extract", """{"entities":{"user":1,"item":"a"},"request":{"discount":"x"}}"""),
            await ViolationsAsync(() => grpc.ExtractAsync(notFinite).ResponseAsync));

        var longName = new string('f', 129);
        AssertSameErrors(await ProblemAsync("/api/features/extract", $$"""{"entities":{"user":1},"request":{},"features":["user_age","{{longName}}"]}"""),
            await ViolationsAsync(() => grpc.ExtractAsync(Without(Extract(team.User, null, 0, features: ["user_age", longName]))).ResponseAsync));

        var tooManyEntities = Extract(team.User, null, 0.1);
        var entities = new Dictionary<string, object>();
        for (var i = 0; i < 65; i++)
        {
            tooManyEntities.Entities[$"e{i}"] = new Rpc.EntityKey { IntKey = 1 };
            entities[$"e{i}"] = 1;
        }
        AssertSameErrors(await ProblemAsync("/api/features/extract", new { entities }),
            await ViolationsAsync(() => grpc.ExtractAsync(Without(tooManyEntities, keepEntities: true)).ResponseAsync));

        var tooLarge = new Rpc.ExtractBatchRequest();
        tooLarge.Requests.Add(Enumerable.Range(0, 1001).Select(_ => Item(team.User, team.Items[0])));
        var violations = await ViolationsAsync(() => grpc.ExtractBatchAsync(tooLarge).ResponseAsync);
        Assert.Equal(["requests"], violations.Keys);
    }

    private static Dictionary<string, object> Entities(long user, string item) => new() { ["user"] = user, ["item"] = item };

    private static Rpc.ExtractBatchItem Item(long user, string? item)
    {
        var row = new Rpc.ExtractBatchItem { Request = { ["discount"] = 0.1 } };
        row.Entities.Add("user", new Rpc.EntityKey { IntKey = user });
        if (item is not null)
        {
            row.Entities.Add("item", new Rpc.EntityKey { StringKey = item });
        }
        return row;
    }

    /// <summary>The request without its request values (and, unless kept, without entities but the user).</summary>
    private static Rpc.ExtractRequest Without(Rpc.ExtractRequest request, bool keepEntities = false)
    {
        request.Request.Clear();
        if (!keepEntities)
        {
            request.Entities.Remove("item");
        }
        return request;
    }

    private async Task AssertSameErrorsAsync(string path, object body, Rpc.ExtractRequest request) =>
        AssertSameErrors(await ProblemAsync(path, body), await ViolationsAsync(() => grpc.ExtractAsync(request).ResponseAsync));

    private async Task<Dictionary<string, string[]>> ProblemAsync(string path, object body)
    {
        using var response = body is string text
            ? await team.Host.Http.PostAsync(path, new StringContent(text, Encoding.UTF8, "application/json"))
            : await team.Host.Http.PostAsJsonAsync(path, body);
        return await ProblemErrorsAsync(response);
    }
}
