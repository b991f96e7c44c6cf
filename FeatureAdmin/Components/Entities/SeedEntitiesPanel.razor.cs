using FeatureAdmin.Api;
using FeatureAdmin.Components.Shared;
using FeatureAdmin.Registry;
using FeatureAdmin.Seeding;
using FeatureAspire.Client;
using Microsoft.AspNetCore.Components;
using Microsoft.FluentUI.AspNetCore.Components;

namespace FeatureAdmin.Components.Entities;

/// <summary>Seeds N synthetic instances of one entity in chunks, with progress, rate and cancel.</summary>
public sealed partial class SeedEntitiesPanel : ApiComponent
{
    private readonly SeedSettings settings = new();
    private bool running;
    private bool cancelled;
    private SeedProgress? progress;
    private string? error;

    [Inject] public required EntitySeeder Seeder { get; init; }
    [Inject] public required IToastService Toasts { get; init; }

    [Parameter, EditorRequired] public required EntityInfo Entity { get; set; }

    /// <summary>The entity's stored features: one value range each.</summary>
    [Parameter, EditorRequired] public required IReadOnlyList<FeatureDefinition> Stored { get; set; }

    /// <summary>Raised after a seeding run wrote instances, so the page can refresh what it shows.</summary>
    [Parameter] public EventCallback<SeedProgress> Seeded { get; set; }

    private string FirstKeyLabel => Entity.KeyType == EntityKeyType.Int64 ? $"First {Entity.Name} id" : "First key number";

    // The page keys this panel by its entity, so the settings are made once per entity and kept across renders.
    protected override void OnInitialized()
    {
        settings.Entity = Entity.Name;
        settings.KeyType = Entity.KeyType;
        settings.KeyPrefix = Entity.KeyType == EntityKeyType.String ? $"{Entity.Name}-" : "";
        settings.Ranges = [.. Stored.Select(d => FeatureRange.For(d.Name, d.Type))];
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
        running = true;
        cancelled = false;
        progress = new SeedProgress(0, settings.Count, TimeSpan.Zero);
        // Progress<T> posts to the renderer's synchronization context, so each chunk re-renders safely.
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
            Toasts.ShowSuccess($"Seeded {Format.Count(result.Value!.Written)} {Format.Plural(Entity.Name)}.");
            await Seeded.InvokeAsync(result.Value);
        }
        else if (!cancelled)
        {
            error = result.Error;
        }
    });

    private void Cancel() => CancelRun();

    private string Status() =>
        $"{(running ? "Writing" : cancelled ? "Cancelled after" : "Wrote")} {Format.Count(progress!.Written)} of {Format.Count(progress.Total)} {Format.Plural(Entity.Name)}" +
        $" in {progress.Elapsed.TotalSeconds:0.0} s · {Format.Rate(progress.PerSecond)} {Format.Plural(Entity.Name)}/s";
}
