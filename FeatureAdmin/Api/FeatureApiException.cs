using System.Net;

namespace FeatureAdmin.Api;

/// <summary>featureapi answered, but not with success; <see cref="Exception.Message"/> is fit to show a person.</summary>
public sealed class FeatureApiException(HttpStatusCode statusCode, string message) : Exception(message)
{
    public HttpStatusCode StatusCode { get; } = statusCode;

    /// <summary>A sentence for a message bar, whatever went wrong on the way to featureapi.</summary>
    public static string Describe(Exception exception) => exception switch
    {
        FeatureApiException api => api.Message,
        OperationCanceledException => "Cancelled.",
        TimeoutException => "featureapi did not answer in time.",
        HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError } =>
            "featureapi cannot be reached. Is it running? (Check its state in the Aspire dashboard.)",
        HttpRequestException http => $"The request to featureapi failed: {http.Message}",
        System.Text.Json.JsonException => "featureapi answered with JSON the admin does not understand.",
        _ => $"Unexpected error: {exception.Message}",
    };
}
