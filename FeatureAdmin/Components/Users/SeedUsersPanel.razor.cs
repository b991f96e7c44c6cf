using FeatureAdmin.Api;
using FeatureAdmin.Components.Shared;
using FeatureAdmin.Seeding;
using Microsoft.AspNetCore.Components;
using Microsoft.FluentUI.AspNetCore.Components;

namespace FeatureAdmin.Components.Users;

/// <summary>Seeds N synthetic users in chunks, with progress, rate and cancel.</summary>
public sealed partial class SeedUsersPanel : ApiComponent
{
    private readonly SeedSettings settings = new();
    private bool running;
    private bool cancelled;
    private SeedProgress? progress;
    private string? error;

    [Inject] public required FeatureCatalog Catalog { get; init; }
    [Inject] public required UserSeeder Seeder { get; init; }
    [Inject] public required IToastService Toasts { get; init; }

    /// <summary>Raised after a seeding run wrote users, so the page can refresh what it shows.</summary>
    [Parameter] public EventCallback<SeedProgress> Seeded { get; set; }

    protected override async Task OnInitializedAsync()
    {
        error = await Catalog.LoadAsync(Closing);
        settings.Ranges = [.. Catalog.Stored.Select(d => FeatureRange.For(d.Name, d.Type))];
    }

    private Task SeedAsync() => RunCancellableAsync(async token =>
    {
        var problems = settings.Validate();
        if (problems.Count > 0)
        {
            error = string.Join(" ", problems);
            return;
        }

        error = null;
        cancelled = false;
        running = true;
        progress = new SeedProgress(0, settings.Count, TimeSpan.Zero);
        // Progress<T> posts back to the renderer's synchronization context, so each chunk re-renders safely.
        var reporter = new Progress<SeedProgress>(p =>
        {
            progress = p;
            StateHasChanged();
        });
        var result = await ApiCall.TryAsync(t => Seeder.SeedAsync(settings, reporter, t), token);
        running = false;
        cancelled = token.IsCancellationRequested;
        if (result.Succeeded)
        {
            progress = result.Value;
            Toasts.ShowSuccess($"Seeded {Format.Count(result.Value!.Written)} users.");
            await Seeded.InvokeAsync(result.Value);
        }
        else if (!cancelled)
        {
            error = result.Error;
        }
    });

    private void Cancel() => CancelRun();

    private string Status() =>
        $"{(running ? "Writing" : cancelled ? "Cancelled after" : "Wrote")} {Format.Count(progress!.Written)} of {Format.Count(progress.Total)} users" +
        $" in {progress.Elapsed.TotalSeconds:0.0} s · {Format.Rate(progress.UsersPerSecond)} users/s";
}
