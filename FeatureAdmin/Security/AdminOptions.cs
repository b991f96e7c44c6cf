namespace FeatureAdmin.Security;

/// <summary>The admin's login, from configuration <c>Admin</c> (the AppHost passes <c>Admin__Password</c>).</summary>
public sealed class AdminOptions
{
    public const string SectionName = "Admin";

    /// <summary>The one admin's password; required (checked when the admin is built), so the admin never starts open.</summary>
    public string Password { get; set; } = "";
}
