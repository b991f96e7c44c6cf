using System.ComponentModel.DataAnnotations;

namespace FeatureAdmin.Security;

/// <summary>
/// How many wrong passwords one client address may send before the login stops listening to it for the rest of the
/// window, from configuration <c>Admin:SignIn</c>.
/// </summary>
public sealed class SignInLimits
{
    public const string SectionName = "Admin:SignIn";

    [Range(1, 1_000)]
    public int MaxFailures { get; set; } = 5;

    /// <summary>Counted from an address's first wrong password; when it ends the address starts afresh.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The most addresses with a count of their own at once, so an attacker rotating addresses cannot grow memory
    /// without end; while the table is full, the addresses not in it share one count.
    /// </summary>
    [Range(1, 1_000_000)]
    public int MaxTrackedAddresses { get; set; } = 10_000;
}
