using System.Net.Http.Headers;
using FeatureAdmin.Diagnostics;
using Microsoft.Net.Http.Headers;

namespace FeatureAdmin.Security;

/// <summary>
/// Lets an unsafe request (anything but GET, HEAD, OPTIONS, TRACE) through the admin's gateway only from the admin's
/// own pages. The SameSite=Strict session cookie is not enough: a "site" spans every port of localhost and every
/// sibling subdomain, and a no-cors POST with a Blob body needs no preflight, so such a page could otherwise write
/// through the gateway with the admin's key. Browsers send <c>Sec-Fetch-Site</c>, which no script can set; a client
/// that does not is judged by its <c>Origin</c>, which must be the request's own. Each refusal is a 403 problem,
/// logged and counted (<see cref="AdminMetrics.GatewayRefusedName"/>).
/// </summary>
public sealed partial class SameOriginGuard(RequestDelegate next, AdminMetrics metrics, ILogger<SameOriginGuard> logger)
{
    public const string FetchSiteHeader = "Sec-Fetch-Site";
    public const string SameOrigin = "same-origin";

    private const string Title = "Only the admin's own pages may change data through its gateway.";

    /// <summary>Sets on <paramref name="headers"/> what a browser sends with a request from a page at <paramref name="origin"/> to that origin.</summary>
    public static void MarkSameOrigin(HttpRequestHeaders headers, Uri origin)
    {
        headers.Add(FetchSiteHeader, SameOrigin);
        headers.Add(HeaderNames.Origin, origin.GetLeftPart(UriPartial.Authority));
    }

    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) ||
            HttpMethods.IsOptions(request.Method) || HttpMethods.IsTrace(request.Method))
        {
            return next(context);
        }
        return Refusal(request) is { } refusal ? RefuseAsync(context, refusal) : next(context);
    }

    /// <summary>Why <paramref name="request"/> is refused, or null when it comes from the admin's own origin.</summary>
    private static Refused? Refusal(HttpRequest request)
    {
        var fetchSite = request.Headers[FetchSiteHeader].ToString();
        if (fetchSite.Length > 0)
        {
            return fetchSite switch
            {
                SameOrigin => null,
                "cross-site" => Refused.CrossSite,
                "same-site" => Refused.SameSite,
                "none" => Refused.NotFromAPage,
                _ => Refused.UnknownFetchSite,
            };
        }
        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0)
        {
            return Refused.NoOrigin;
        }
        var own = $"{request.Scheme}://{request.Host.Value}";
        return string.Equals(origin, own, StringComparison.OrdinalIgnoreCase) ? null : Refused.ForeignOrigin;
    }

    private async Task RefuseAsync(HttpContext context, Refused refusal)
    {
        metrics.GatewayRefused(refusal.Reason);
        LogRefused(logger, context.Request.Method, context.Request.Path, refusal.Reason);
        await TypedResults.Problem(refusal.Detail, statusCode: StatusCodes.Status403Forbidden, title: Title).ExecuteAsync(context);
    }

    /// <summary>A refusal's metric tag and what showed that the request came from elsewhere.</summary>
    private sealed record Refused(string Reason, string Evidence)
    {
        public static readonly Refused CrossSite = new("cross-site", "It came from another site (Sec-Fetch-Site: cross-site)");
        public static readonly Refused SameSite = new("same-site", "It came from another port or subdomain of this site (Sec-Fetch-Site: same-site)");
        public static readonly Refused NotFromAPage = new("none", "It was not made by a page (Sec-Fetch-Site: none)");
        public static readonly Refused UnknownFetchSite = new("unknown-fetch-site", "Its Sec-Fetch-Site is not same-origin");
        public static readonly Refused ForeignOrigin = new("foreign-origin", "Its Origin is not the admin's own");
        public static readonly Refused NoOrigin = new("no-origin", "It carries neither Sec-Fetch-Site nor Origin");

        /// <summary>One sentence for the problem's detail.</summary>
        public string Detail => $"{Evidence}, and the gateway forwards a change only from the admin's own pages.";
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "The admin's gateway refused {Method} {Path}: it did not come from the admin's own pages ({Reason}).")]
    private static partial void LogRefused(ILogger logger, string method, string path, string reason);
}
