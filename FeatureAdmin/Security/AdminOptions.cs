using System.ComponentModel.DataAnnotations;

namespace FeatureAdmin.Security;

/// <summary>The admin's login, from configuration <c>Admin</c> (the AppHost passes <c>Admin__Password</c>).</summary>
public sealed class AdminOptions
{
    public const string SectionName = "Admin";

    /// <summary>The one admin's password; required, so the admin never starts open.</summary>
    [Required(AllowEmptyStrings = false)]
    public string Password { get; set; } = "";
}

/// <summary>How the admin calls featureapi, from configuration <c>FeatureApi</c> (env <c>FeatureApi__ApiKey</c>).</summary>
public sealed class FeatureApiOptions
{
    public const string SectionName = "FeatureApi";

    /// <summary>The admin's own key, sent as <c>X-API-Key</c> by its clients and its gateway; never sent to a browser.</summary>
    public string? ApiKey { get; set; }
}
