using FeatureAdmin.Api;
using FeatureAdmin.Components.Shared;
using FeatureAspire.Client;
using Microsoft.AspNetCore.Components;
using Microsoft.FluentUI.AspNetCore.Components;

namespace FeatureAdmin.Components.Users;

/// <summary>One user's stored features (editable), and everything an extract computes for them with their statuses.</summary>
public sealed partial class UserInspector : ApiComponent
{
    private long userId = 1;
    private long? requestedUserId;
    private double currentValue = 100;
    private long? shownUserId;
    private UserFeatures? stored;
    private FeatureVector? extracted;
    private List<EditableFeature> edits = [];
    private bool loading;
    private string? error;

    [Inject] public required FeatureApiClient Api { get; init; }
    [Inject] public required FeatureCatalog Catalog { get; init; }
    [Inject] public required IDialogService Dialogs { get; init; }
    [Inject] public required IToastService Toasts { get; init; }

    /// <summary>A user picked elsewhere on the page (the browser); looked up when it changes.</summary>
    [Parameter] public long? UserId { get; set; }

    protected override async Task OnParametersSetAsync()
    {
        if (UserId is { } picked && picked != requestedUserId)
        {
            requestedUserId = picked;
            userId = picked;
            await FindAsync();
        }
    }

    private async Task FindAsync()
    {
        loading = true;
        var token = Closing;
        error = await Catalog.LoadAsync(token);
        var user = await ApiCall.TryAsync(t => Api.GetUserAsync(userId, t), token);
        var vector = await ApiCall.TryAsync(t => Api.ExtractAsync(userId, currentValue, Catalog.Extractable, t), token);
        loading = false;

        error = user.Error ?? vector.Error ?? error;
        if (!user.Succeeded)
        {
            return;
        }
        shownUserId = userId;
        stored = user.Value;
        extracted = vector.Value;
        edits = [.. Catalog.Stored.Select(d => new EditableFeature(d.Name,
            stored?.Features.GetValueOrDefault(d.Name, d.Default) ?? d.Default,
            stored?.Features.ContainsKey(d.Name) == true))];
    }

    private async Task SaveAsync()
    {
        if (shownUserId is not { } id)
        {
            return;
        }
        var values = edits.ToDictionary(e => e.Name, e => e.Value);
        var saved = await ApiCall.TryAsync(t => Api.UpsertUserAsync(id, values, t), Closing);
        if (!saved.Succeeded)
        {
            error = saved.Error;
            return;
        }
        Toasts.ShowSuccess($"Saved user {id}.");
        userId = id;
        await FindAsync();
    }

    private async Task DeleteAsync()
    {
        if (shownUserId is not { } id)
        {
            return;
        }
        var dialog = await Dialogs.ShowConfirmationAsync($"Delete the stored features of user {id}?", "Delete", "Keep", "Delete user");
        if ((await dialog.Result).Cancelled)
        {
            return;
        }
        var deleted = await ApiCall.TryAsync(t => Api.DeleteUserAsync(id, t), Closing);
        if (!deleted.Succeeded)
        {
            error = deleted.Error;
            return;
        }
        Toasts.ShowSuccess(deleted.Value ? $"Deleted user {id}." : $"User {id} had no stored features.");
        await FindAsync();
    }

    private sealed class EditableFeature(string name, double value, bool stored)
    {
        public string Name { get; } = name;
        public double Value { get; set; } = value;
        public bool Stored { get; } = stored;
    }
}
