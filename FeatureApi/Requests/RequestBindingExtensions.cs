using System.Text.Json;
using System.Text.Json.Serialization;
using FeatureApi.Apis.Contracts;
using FeatureApi.Features;
using FeatureApi.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace FeatureApi.Requests;

/// <summary>
/// How request bodies become typed records: the framework binds them with the source-generated contracts (strict:
/// unknown properties and numbers in strings are errors), lists and feature values are bounded while they are read,
/// and every body is then validated by one mechanism (<see cref="RequestValidationFilter"/>: the records'
/// <see cref="System.ComponentModel.DataAnnotations.IValidatableObject"/> rules and the parameters' validation
/// attributes). A body that cannot be bound reaches the problem exception handler (<see cref="RequestBodyError"/>);
/// every 400 is bounded by <see cref="RequestProblems"/>.
/// </summary>
internal static class RequestBindingExtensions
{
    public static IHostApplicationBuilder AddRequestBinding(this IHostApplicationBuilder builder)
    {
        // A body that cannot be bound throws, so the problem handler can name the field; otherwise the framework
        // answers a bare 400 (or 415) outside Development.
        builder.Services.Configure<RouteHandlerOptions>(routes => routes.ThrowOnBadRequest = true);
        builder.Services.Configure<ProblemDetailsOptions>(problems => problems.CustomizeProblemDetails = RequestProblems.Customize);
        builder.Services.AddOptions<JsonOptions>().Configure<IOptions<FeatureServingOptions>>((json, serving) =>
        {
            json.SerializerOptions.TypeInfoResolverChain.Insert(0, FeatureJsonContext.Default);
            ApplyContractRules(json.SerializerOptions, serving.Value);
        });
        return builder;
    }

    /// <summary>How FeatureApi reads and writes its contracts, beyond the source-generated metadata.</summary>
    public static void ApplyContractRules(JsonSerializerOptions options, FeatureServingOptions limits)
    {
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.NumberHandling = JsonNumberHandling.Strict;
        options.Converters.Add(new BoundedListConverter<BatchExtractItem?>(limits.MaxBatchSize));
        options.Converters.Add(new BoundedListConverter<UserFeaturesItem?>(limits.MaxBatchSize));
        options.Converters.Add(new BoundedListConverter<EntityKey?>(limits.MaxBatchSize));
        options.Converters.Add(new BoundedListConverter<CandidateRow?>(limits.MaxBatchSize));
        options.Converters.Add(new BoundedListConverter<LiveEventItem?>(limits.MaxEventsPerRequest));
        options.Converters.Add(new BoundedListConverter<string>(FeatureRegistry.MaxFeatures, FeatureRegistry.MaxNameLength));
    }
}

internal static class ApiGroupExtensions
{
    /// <summary>A group of API routes whose requests are validated (<see cref="RequestValidationFilter"/>) before anything else runs.</summary>
    public static RouteGroupBuilder MapApiGroup(this IEndpointRouteBuilder app, string prefix) =>
        app.MapGroup(prefix).AddEndpointFilterFactory(RequestValidationFilter.Create);
}
