using System.Text.Json.Serialization;
using FeatureAspire.Client;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FeatureAspire.SampleRecommender.Apis;

/// <summary>
/// A toy recommender: for each request it asks featureapi for the user's features and turns them into a score.
/// The point is the trace, not the model: open the request in the dashboard to see this service's span, the
/// client's <c>featureapi.extract</c>, featureapi's pipeline and the Redis commands, as one tree.
/// </summary>
public static class RecommendApi
{
    /// <summary>The features the score reads, asked for by name so the answer carries nothing else.</summary>
    private static readonly string[] ScoreFeatures = ["f_recency_score", "f_click_trend", "f_normalized_value"];

    public static IEndpointRouteBuilder MapRecommendApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/recommend").WithTags("Recommend")
            .MapGet("/{userId:long:min(1)}", RecommendAsync)
            .WithName("Recommend")
            .WithSummary("Score an offer at the given price for a user, from the user's features in featureapi.");
        return app;
    }

    public static async Task<Results<Ok<Recommendation>, ProblemHttpResult>> RecommendAsync(
        long userId, FeatureApiClient features, double? price, CancellationToken cancellationToken)
    {
        try
        {
            var vector = await features.ExtractAsync(userId, price ?? 100.0, ScoreFeatures, cancellationToken);
            return TypedResults.Ok(new Recommendation(userId, Score(vector), vector.Degraded, vector.Features));
        }
        catch (FeatureApiException refused)
        {
            // featureapi refused the call (a bad key, say): this service's caller did nothing wrong.
            return TypedResults.Problem(refused.Message, statusCode: StatusCodes.Status502BadGateway, title: "featureapi refused the request.");
        }
    }

    /// <summary>
    /// A made-up weighting: recent and trending engagement raise the score, a higher price lowers it. A degraded vector
    /// (the store was slow) still scores, from defaults: a recommender should answer, if less well.
    /// </summary>
    private static double Score(FeatureVector vector)
    {
        var recency = vector.Features["f_recency_score"];
        var trend = Math.Min(1.0, vector.Features["f_click_trend"]);
        var price = Math.Min(1.0, vector.Features["f_normalized_value"]);
        return Math.Round(0.5 * recency + 0.3 * trend + 0.2 * (1.0 - price), 4);
    }
}

/// <summary>The score of an offer for a user, with the features it was computed from.</summary>
public sealed record Recommendation(long UserId, double Score, bool Degraded, IReadOnlyDictionary<string, double> Features);

[JsonSerializable(typeof(Recommendation))]
internal sealed partial class RecommendationJsonContext : JsonSerializerContext;
