using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace FeatureApi.Apis;

// Route and query parameters arrive as text and are checked by RequestValidationFilter with these attributes,
// like the bodies, so a bad one gets a problem naming it (binding an int would fail before validation, without a name).

/// <summary>A user id in a route: a positive 64-bit integer.</summary>
[AttributeUsage(AttributeTargets.Parameter)]
internal sealed class UserIdAttribute() : ValidationAttribute("{0} must be a positive 64-bit integer.")
{
    public override bool IsValid(object? value) => value is string text && TryParse(text, out _);

    public static bool TryParse(string text, out long userId) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out userId) && userId > 0;

    /// <summary>The id of a route that passed validation.</summary>
    public static long Parse(string text) => TryParse(text, out var userId) ? userId : throw new FormatException($"'{text}' is not a user id.");
}

/// <summary>An optional whole number within a range, given as text.</summary>
[AttributeUsage(AttributeTargets.Parameter)]
internal sealed class WholeNumberAttribute(int minimum, int maximum) : ValidationAttribute($"{{0}} must be between {minimum} and {maximum}.")
{
    public override bool IsValid(object? value) => value is null || (value is string text && Parse(text, 0) is var n && n >= minimum && n <= maximum);

    /// <summary>The number of a parameter that passed validation, or <paramref name="fallback"/> when it was left out.</summary>
    public static int Parse(string? text, int fallback) =>
        text is null ? fallback : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : int.MinValue;
}

/// <summary>A paging cursor: absent, or a <c>nextCursor</c> the endpoint returned (a user id, or 0 for the start).</summary>
[AttributeUsage(AttributeTargets.Parameter)]
internal sealed class CursorAttribute() : ValidationAttribute("{0} must be a nextCursor returned by this endpoint.")
{
    public override bool IsValid(object? value) => value is null || (value is string text && TryParse(text, out _));

    public static bool TryParse(string? text, out long after)
    {
        after = 0;
        return text is null || (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out after) && after >= 0);
    }
}
