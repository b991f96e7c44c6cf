using System.Globalization;
using FeatureApi.Apis.Contracts;
using FeatureApi.Definitions;
using FeatureApi.Features;
using FeatureApi.Registry;
using FeatureApi.Requests;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace FeatureApi.Apis;

/// <summary>
/// The feature repository as data: plan a document against the version served, apply it as the next version (every
/// FeatureApi process serves it within a second), read the current one and the history, and roll back.
/// </summary>
public static class RegistryApi
{
    public const string Prefix = "/api/registry";

    public static IEndpointRouteBuilder MapRegistryApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapApiGroup(Prefix).WithTags("Registry");
        var reads = api.MapGroup("").RequireAuthorization(ApiScopes.Read);
        var writes = api.MapGroup("").RequireAuthorization(ApiScopes.RegistryWrite);

        reads.MapGet("/", GetCurrentAsync)
            .WithName("GetRegistry")
            .WithSummary("The store's current repository version and its document; the ETag is the version, for If-Match.")
            .ChargesWork(RateLimitPolicies.Reads);

        writes.MapPost("/plan", PlanAsync)
            .WithName("PlanRegistry")
            .WithSummary("Validate a document and show what applying it would change against the current version.")
            .ChargesWork(RateLimitPolicies.Writes);

        writes.MapPut("/", ApplyAsync)
            .WithName("ApplyRegistry")
            .WithSummary("Store a document as the next version; every FeatureApi process serves it within a second.")
            .WithDescription("If-Match: the version the document was planned against (409 when another apply came first). A plan with breaking " +
                "changes is refused (422) unless ?force=true. An invalid document changes nothing (400 naming the place).")
            .ChargesWork(RateLimitPolicies.Writes);

        reads.MapGet("/history", GetHistoryAsync)
            .WithName("GetRegistryHistory")
            .WithSummary("The newest versions, newest first: when, by which key, what changed.")
            .ProducesValidationProblem()
            .ChargesWork(RateLimitPolicies.Reads);

        writes.MapPost("/rollback/{version}", RollbackAsync)
            .WithName("RollbackRegistry")
            .WithSummary("Apply an earlier version's document again, as a new version.")
            .ProducesValidationProblem()
            .ChargesWork(RateLimitPolicies.Writes);

        reads.MapGet("/status", GetStatus)
            .WithName("GetRegistryStatus")
            .WithSummary("The version this FeatureApi process serves, and why not the store's when it does not.")
            .ChargesWork(RateLimitPolicies.Reads);

        return app;
    }

    public static async Task<Ok<RegistryResponse>> GetCurrentAsync(RegistryStore store, HttpResponse response, CancellationToken cancellationToken)
    {
        var version = await store.CurrentVersionAsync(cancellationToken);
        var current = version == 0 ? null : await store.LoadAsync(version, cancellationToken);
        response.Headers.ETag = Tag(version);
        return TypedResults.Ok(current is null
            ? new RegistryResponse(0, default, "", "No repository applied yet.", null, DefaultRepository.Text)
            : new RegistryResponse(version, current.Record.AppliedAt, current.Record.AppliedBy, current.Record.Summary, current.Record.RollbackOf, current.Text));
    }

    public static async Task<Ok<PlanResponse>> PlanAsync(RepositoryBody body, RegistryStore store, ServingRegistry serving, CancellationToken cancellationToken)
    {
        var (version, before) = await CurrentAsync(store, serving, cancellationToken);
        return TypedResults.Ok(PlanResponse.Of(version, RepositoryPlan.Compare(before, body.Compilation!.Registry!)));
    }

    public static Task<Results<Ok<PlanResponse>, ProblemHttpResult>> ApplyAsync(RepositoryBody body, HttpContext context, RegistryStore store,
        ServingRegistry serving, TimeProvider time, bool? force, CancellationToken cancellationToken) =>
        StoreAsync(body.Text, body.Compilation!.Registry!, rollbackOf: null, force ?? false, context, store, serving, time, cancellationToken);

    public static async Task<Results<Ok<PlanResponse>, ProblemHttpResult>> RollbackAsync([WholeNumber(1, int.MaxValue)] string version, HttpContext context,
        RegistryStore store, ServingRegistry serving, TimeProvider time, CancellationToken cancellationToken)
    {
        var number = WholeNumberAttribute.Parse(version, 0);
        var earlier = await store.LoadAsync(number, cancellationToken);
        if (earlier is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: $"Version {number} cannot be rolled back to.",
                detail: $"The store keeps the documents of the newest {RegistryStore.RetainedDocuments} versions; GET /api/registry/history lists them.");
        }
        var compiled = RepositoryText.Compile(earlier.Text, version: 0, serving.MaxAge);
        if (compiled.Registry is not { } registry)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: $"Version {number} no longer compiles.",
                detail: string.Join(" ", compiled.Errors.Take(3).Select(e => $"{e.Field}: {e.Message}")));
        }
        // A rollback restores a version that was served: it goes ahead even where it undoes breaking changes, and says so.
        return await StoreAsync(earlier.Text, registry, rollbackOf: number, force: true, context, store, serving, time, cancellationToken);
    }

    public static async Task<Ok<RegistryHistoryResponse>> GetHistoryAsync(RegistryStore store, [WholeNumber(1, 1000)] string? limit,
        CancellationToken cancellationToken) =>
        TypedResults.Ok(new RegistryHistoryResponse(await store.HistoryAsync(WholeNumberAttribute.Parse(limit, 50), cancellationToken)));

    public static Ok<RegistryStatusResponse> GetStatus(ServingRegistry serving)
    {
        var state = serving.State;
        return TypedResults.Ok(new RegistryStatusResponse(state.LoadedVersion, state.StoreVersion, state.Since, state.Error, state.FromStore));
    }

    /// <summary>
    /// Plans <paramref name="registry"/> against the store's current version and stores it as the next one if the
    /// caller's If-Match still holds and nothing breaks (or <paramref name="force"/>); this process serves it at once.
    /// </summary>
    private static async Task<Results<Ok<PlanResponse>, ProblemHttpResult>> StoreAsync(string text, FeatureRegistry registry, long? rollbackOf,
        bool force, HttpContext context, RegistryStore store, ServingRegistry serving, TimeProvider time, CancellationToken cancellationToken)
    {
        var (current, before) = await CurrentAsync(store, serving, cancellationToken);
        var expected = current;
        if (context.Request.Headers.IfMatch is { Count: > 0 } ifMatch)
        {
            if (!TryParseTag(ifMatch.ToString(), out expected))
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "If-Match is not a version.",
                    detail: "Send the ETag of GET /api/registry (the version number, quoted or not).");
            }
            if (expected != current)
            {
                return Conflict(expected, current);
            }
        }
        var plan = RepositoryPlan.Compare(before, registry);
        if (rollbackOf is null && plan.Changes.Count == 0 && await store.LoadAsync(current, cancellationToken) is { } served && served.Text == text)
        {
            // The document being served, applied again (CI applying on every commit): no new version, so no replica
            // empties its near cache for nothing; the answer names the version that serves it.
            context.Response.Headers.ETag = Tag(current);
            return TypedResults.Ok(PlanResponse.Of(current, plan));
        }
        if (plan.Breaking && !force)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "The document has breaking changes.",
                detail: $"{plan.Summary} {string.Join(" ", plan.Changes.Where(c => c.Breaking).Take(3).Select(c => $"{c.Kind} {c.Name}: {c.Consequence}"))} " +
                    "Apply with ?force=true to accept them.",
                extensions: new Dictionary<string, object?> { ["plan"] = plan.Lines });
        }
        var summary = rollbackOf is { } earlier ? $"Rollback to version {earlier}: {plan.Summary}" : plan.Summary;
        var outcome = await store.ApplyAsync(expected, text,
            new VersionRecord(AppliedAt: time.GetUtcNow(), AppliedBy: context.User.Identity?.Name ?? "", Summary: summary, RollbackOf: rollbackOf));
        if (!outcome.Applied)
        {
            return Conflict(expected, outcome.Version);
        }
        registry.Version = outcome.Version;
        serving.Serve(registry);
        context.Response.Headers.ETag = Tag(outcome.Version);
        return TypedResults.Ok(PlanResponse.Of(outcome.Version, plan));
    }

    /// <summary>The store's current version and its compiled registry (the one served, when this process is up to date).</summary>
    private static async Task<(long Version, FeatureRegistry? Registry)> CurrentAsync(RegistryStore store, ServingRegistry serving,
        CancellationToken cancellationToken)
    {
        var version = await store.CurrentVersionAsync(cancellationToken);
        if (version == 0)
        {
            return (0, null);
        }
        if (serving.Current.Version == version && serving.State.FromStore)
        {
            return (version, serving.Current);
        }
        var current = await store.LoadAsync(version, cancellationToken);
        return (version, current is null ? null : RepositoryText.Compile(current.Text, version, serving.MaxAge).Registry);
    }

    private static ProblemHttpResult Conflict(long expected, long current) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Another version was applied first.",
            detail: $"The document was planned against version {expected}; the store is at version {current}. Plan again against it.",
            extensions: new Dictionary<string, object?> { ["currentVersion"] = current });

    private static string Tag(long version) => new EntityTagHeaderValue($"\"{version.ToString(CultureInfo.InvariantCulture)}\"").ToString();

    private static bool TryParseTag(string text, out long version) =>
        long.TryParse(text.Trim().TrimStart('W', '/').Trim('"'), NumberStyles.None, CultureInfo.InvariantCulture, out version);
}
