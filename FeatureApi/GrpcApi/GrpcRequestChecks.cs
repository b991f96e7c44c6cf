using System.ComponentModel.DataAnnotations;
using FeatureApi.Features;
using FeatureApi.Requests;
using Grpc.Core;

namespace FeatureApi.GrpcApi;

/// <summary>
/// What a gRPC call passes before the pipeline, in the JSON routes' order and words: the binder's bounds, the
/// contract's validation rules on the call's registry version, then the key's read bucket (so an invalid call costs
/// nothing). Each refusal ends the call with the status <see cref="GrpcProblems"/> maps the JSON API's problem to.
/// </summary>
internal static class GrpcRequestChecks
{
    public static void ThrowIfUnbound(ServerCallContext context, RequestBodyError? unbound)
    {
        if (unbound is { } error)
        {
            throw Invalid(context.GetHttpContext(), new Dictionary<string, string[]> { [error.Field] = [error.Message] });
        }
    }

    public static void ThrowIfInvalid(ServerCallContext context, FeatureRegistry registry, IValidatableObject body)
    {
        var http = context.GetHttpContext();
        Dictionary<string, string[]>? errors = null;
        RequestValidationFilter.Collect(body, new RegistryPinnedServices(http.RequestServices, registry), ref errors);
        if (errors is not null)
        {
            throw Invalid(http, errors);
        }
    }

    /// <summary>Takes <paramref name="cost"/> tokens of the caller's read bucket, as the JSON routes charge the same work.</summary>
    public static void ChargeReads(ServerCallContext context, int cost)
    {
        if (context.GetHttpContext().User is not ApiKeyPrincipal { Key: var key })
        {
            return;
        }
        var charge = key.Limits.TryCharge(RateLimitPolicies.Reads, cost);
        if (charge.Outcome != ChargeOutcome.Taken)
        {
            var refusal = RateLimitRefusal.Of(RateLimitPolicies.Reads, cost, charge);
            throw GrpcProblems.ToStatus(refusal.Problem, refusal.RetryAfterSeconds).ToRpcException();
        }
    }

    /// <summary>The validation problem the JSON route would answer (bounded by <see cref="RequestProblems"/>), as INVALID_ARGUMENT.</summary>
    private static RpcException Invalid(HttpContext http, Dictionary<string, string[]> errors)
    {
        var problem = new HttpValidationProblemDetails(errors) { Status = StatusCodes.Status400BadRequest };
        RequestProblems.Customize(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem });
        return GrpcProblems.ToStatus(problem, retryAfterSeconds: null).ToRpcException();
    }
}
