using System.Net;
using System.Text.Json;
using Google.Rpc;
using Grpc.Core;
using Rpc = FeatureAspire.Serving.V1;

namespace FeatureAspire.Tests.GrpcApi;

/// <summary>Compares gRPC answers and errors with the JSON API's, field by field.</summary>
internal static class GrpcAssertions
{
    /// <summary>The proto enum's value as the JSON API names it (FEATURE_STATUS_PRESENT → present).</summary>
    public static string WireName<TEnum>(TEnum value) where TEnum : struct, Enum => value.ToString().ToLowerInvariant();

    /// <summary>A JSON extract row (entities shape) and a proto vector carry the same entities, values, statuses and flags.</summary>
    public static void AssertSameVector(JsonElement json, Rpc.FeatureVector vector, bool withVersion = true)
    {
        AssertSameEntities(json.GetProperty("entities"), vector.Entities);
        AssertSameFeatures(json, vector.Features, vector.Status);
        Assert.Equal(json.GetProperty("degraded").GetBoolean(), vector.Degraded);
        if (withVersion)
        {
            Assert.Equal(json.GetProperty("registryVersion").GetInt64(), vector.RegistryVersion);
        }
    }

    public static void AssertSameFeatures(JsonElement json, IDictionary<string, double> features, IDictionary<string, Rpc.FeatureStatus> status)
    {
        var jsonFeatures = json.GetProperty("features").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble());
        var jsonStatus = json.GetProperty("status").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString());
        Assert.Equal(jsonFeatures.OrderBy(p => p.Key), features.OrderBy(p => p.Key));
        Assert.Equal(jsonStatus.OrderBy(p => p.Key), status.ToDictionary(p => p.Key, p => (string?)WireName(p.Value)).OrderBy(p => p.Key));
        Assert.NotEmpty(features);
    }

    public static void AssertSameEntities(JsonElement json, IDictionary<string, Rpc.EntityKey> entities)
    {
        Assert.Equal(json.EnumerateObject().Select(p => p.Name).Order(), entities.Keys.Order());
        foreach (var entity in json.EnumerateObject())
        {
            AssertSameKey(entity.Value, entities[entity.Name]);
        }
    }

    public static void AssertSameKey(JsonElement json, Rpc.EntityKey key)
    {
        if (json.ValueKind == JsonValueKind.String)
        {
            Assert.Equal(json.GetString(), key.StringKey);
        }
        else
        {
            Assert.Equal(json.GetInt64(), key.IntKey);
        }
    }

    /// <summary>The call fails with INVALID_ARGUMENT; its BadRequest's violations, field → descriptions.</summary>
    public static async Task<Dictionary<string, string[]>> ViolationsAsync(Func<Task> call)
    {
        var error = await Assert.ThrowsAsync<RpcException>(call);
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        var badRequest = error.GetRpcStatus()?.GetDetail<BadRequest>();
        Assert.NotNull(badRequest);
        return badRequest.FieldViolations.GroupBy(v => v.Field).ToDictionary(g => g.Key, g => g.Select(v => v.Description).ToArray());
    }

    /// <summary>The JSON call answers a 400 problem; its errors, field → messages.</summary>
    public static async Task<Dictionary<string, string[]>> ProblemErrorsAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"The JSON call answered {(int)response.StatusCode}: {body}");
        var problem = JsonDocument.Parse(body).RootElement;
        return problem.GetProperty("errors").EnumerateObject()
            .ToDictionary(p => p.Name, p => p.Value.EnumerateArray().Select(m => m.GetString()!).ToArray());
    }

    /// <summary>Both transports refused the request naming the same fields with the same messages.</summary>
    public static void AssertSameErrors(Dictionary<string, string[]> problem, Dictionary<string, string[]> violations)
    {
        Assert.NotEmpty(problem);
        Assert.Equal(problem.Keys.Order(), violations.Keys.Order());
        foreach (var (field, messages) in problem)
        {
            Assert.Equal(messages, violations[field]);
        }
    }

    /// <summary>The status carries a RetryInfo: its delay.</summary>
    public static TimeSpan? RetryDelay(RpcException error) => error.GetRpcStatus()?.GetDetail<RetryInfo>()?.RetryDelay?.ToTimeSpan();
}
