using System.ComponentModel.DataAnnotations;
using System.Reflection;

namespace FeatureApi.Requests;

/// <summary>
/// The one way a request is validated: every handler argument that is an <see cref="IValidatableObject"/> (the bodies,
/// the entity routes) has its rules run, and every parameter with <see cref="ValidationAttribute"/>s (route and query
/// text) has its attributes checked, before the handler runs; any error answers a 400 that names each field (bounded
/// by <see cref="RequestProblems"/>). Endpoints with nothing to validate get no filter at all.
/// </summary>
/// <remarks>
/// These are the contracts Microsoft.Extensions.Validation runs too; its endpoint filter was measured at about 5 µs of
/// an extract's 60 (an asynchronous walk of every member, per request), it keys errors by C# names (<c>Requests[0].UserId</c>
/// where the contract says <c>requests[0].userId</c>) and it needs an experimental attribute to stop it descending
/// into lists whose items the bodies validate themselves. This filter is synchronous and allocates only for errors
/// and one <see cref="ValidationContext"/> per validated argument.
/// </remarks>
internal static class RequestValidationFilter
{
    public static EndpointFilterDelegate Create(EndpointFilterFactoryContext context, EndpointFilterDelegate next)
    {
        var checks = context.MethodInfo.GetParameters()
            .Select((parameter, index) => Check.For(parameter, index))
            .Where(check => check is not null)
            .Select(check => check!)
            .ToArray();
        return checks.Length == 0 ? next : invocation => ValidateAsync(invocation, next, checks);
    }

    private static ValueTask<object?> ValidateAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next, Check[] checks)
    {
        Dictionary<string, string[]>? errors = null;
        foreach (var check in checks)
        {
            check.Run(invocation.Arguments[check.Index], invocation.HttpContext.RequestServices, ref errors);
        }
        return errors is null ? next(invocation) : ValueTask.FromResult<object?>(TypedResults.ValidationProblem(errors));
    }

    /// <summary>What one parameter needs checked: its value's own rules, its attributes, or both.</summary>
    private sealed class Check(int index, string name, bool validatable, ValidationAttribute[] attributes)
    {
        public int Index => index;

        public static Check? For(ParameterInfo parameter, int index)
        {
            var attributes = parameter.GetCustomAttributes<ValidationAttribute>().ToArray();
            var validatable = typeof(IValidatableObject).IsAssignableFrom(parameter.ParameterType);
            return validatable || attributes.Length > 0 ? new Check(index, parameter.Name!, validatable, attributes) : null;
        }

        public void Run(object? value, IServiceProvider services, ref Dictionary<string, string[]>? errors)
        {
            foreach (var attribute in attributes)
            {
                if (!attribute.IsValid(value))
                {
                    Add(ref errors, name, attribute.FormatErrorMessage(name));
                }
            }
            if (validatable && value is IValidatableObject target)
            {
                Collect(target, services, ref errors);
            }
        }
    }

    /// <summary>
    /// Runs <paramref name="target"/>'s rules with <paramref name="services"/> (the registry version, options) and adds
    /// each error under its field: the JSON routes' 400 and the gRPC service's INVALID_ARGUMENT come from here.
    /// </summary>
    public static void Collect(IValidatableObject target, IServiceProvider services, ref Dictionary<string, string[]>? errors)
    {
        foreach (var result in target.Validate(new ValidationContext(target, services, items: null)))
        {
            foreach (var field in result.MemberNames.DefaultIfEmpty(RequestBodyError.Body))
            {
                Add(ref errors, field, result.ErrorMessage ?? "Invalid.");
            }
        }
    }

    private static void Add(ref Dictionary<string, string[]>? errors, string field, string message)
    {
        errors ??= new Dictionary<string, string[]>(StringComparer.Ordinal);
        errors[field] = errors.TryGetValue(field, out var earlier) ? [.. earlier, message] : [message];
    }
}
