using System.Globalization;
using FeatureApi.Apis;

namespace FeatureApi.Requests;

/// <summary>
/// The problem details service's one customization, so every problem about a request reads the same whoever wrote it
/// (a handler, the validation filter, the exception handler, routing). A validation problem is bounded: at most
/// <see cref="MaxErrors"/> fields with their first messages, each cut to a length, a count of the fields left out
/// (<c>moreErrors</c>), and a one-sentence <c>detail</c>; a request with a million bad items answers in a few kilobytes.
/// A 415 (routing refuses a Content-Type an endpoint does not accept; the binder, a missing one) says what to send.
/// </summary>
internal static class RequestProblems
{
    public const int MaxErrors = 20;
    public const string Title = "The request is invalid.";
    private const int MaxFieldLength = 200;
    private const int MaxMessageLength = 300;
    private const int MaxMessagesPerField = 3;

    public const string UnsupportedMediaTypeTitle = "The request body must be JSON.";
    public const string UnsupportedMediaTypeDetail = "Send the body as application/json (Content-Type: application/json).";
    public const string RepositoryMediaTypeTitle = "The request body must be a YAML or JSON document.";

    public static void Customize(ProblemDetailsContext context)
    {
        if (context.ProblemDetails is HttpValidationProblemDetails problem)
        {
            Bound(problem);
        }
        else if (context.ProblemDetails is { Status: StatusCodes.Status415UnsupportedMediaType, Detail: null })
        {
            // Routing's own 415 (no detail) no longer knows the endpoint it refused: the registry's routes read documents.
            var document = context.HttpContext.Request.Path.StartsWithSegments(RegistryApi.Prefix, StringComparison.OrdinalIgnoreCase);
            context.ProblemDetails.Title = document ? RepositoryMediaTypeTitle : UnsupportedMediaTypeTitle;
            context.ProblemDetails.Detail = document ? RepositoryBody.UnsupportedMediaTypeDetail : UnsupportedMediaTypeDetail;
        }
    }

    private static void Bound(HttpValidationProblemDetails problem)
    {
        var total = problem.Errors.Count;
        var kept = problem.Errors.Take(MaxErrors)
            .Select(error => (Field: Cut(error.Key, MaxFieldLength), Messages: error.Value.Take(MaxMessagesPerField).Select(m => Cut(m, MaxMessageLength)).ToArray()))
            .ToList();
        problem.Errors.Clear();
        foreach (var (field, messages) in kept)
        {
            problem.Errors[field] = messages;
        }
        if (total > MaxErrors)
        {
            problem.Extensions["moreErrors"] = total - MaxErrors;
        }
        problem.Title = Title;
        problem.Detail = total switch
        {
            0 => problem.Detail,
            1 => $"{kept[0].Field}: {kept[0].Messages.FirstOrDefault()}",
            _ => string.Create(CultureInfo.InvariantCulture, $"{kept[0].Field} and {total - 1} other fields are invalid (see errors)."),
        };
    }

    private static string Cut(string text, int length) => text.Length <= length ? text : string.Concat(text.AsSpan(0, length - 1), "…");
}
