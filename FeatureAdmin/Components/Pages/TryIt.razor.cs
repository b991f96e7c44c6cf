using System.Text.Json;
using FeatureAdmin.Api;
using FeatureAdmin.Components.Shared;
using Microsoft.AspNetCore.Components;

namespace FeatureAdmin.Components.Pages;

/// <summary>One extract built from a form, shown as the JSON that went out and came back.</summary>
public sealed partial class TryIt : ApiComponent
{
    private static readonly JsonWriterOptions Indented = new() { Indented = true };

    private readonly HashSet<string> picked = new(StringComparer.Ordinal);
    private long userId = 1;
    private double currentValue = 120;
    private bool sending;
    private RawExchange? exchange;
    private string? error;

    [Inject] public required FeatureApiClient Api { get; init; }
    [Inject] public required FeatureCatalog Catalog { get; init; }

    protected override async Task OnInitializedAsync() => error = await Catalog.LoadAsync(Closing);

    private void Pick(string name, bool on)
    {
        if (on)
        {
            picked.Add(name);
        }
        else
        {
            picked.Remove(name);
        }
    }

    private async Task SendAsync()
    {
        sending = true;
        var request = new ExtractRequest(userId, currentValue, picked.Count > 0 ? [.. picked.Order(StringComparer.Ordinal)] : null);
        var result = await ApiCall.TryAsync(t => Api.ExtractRawAsync(request, t), Closing);
        sending = false;
        error = result.Error;
        exchange = result.Value;
    }

    /// <summary>JSON re-indented for reading; anything that is not JSON is shown as it came.</summary>
    internal static string Pretty(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer, Indented))
            {
                document.WriteTo(writer);
            }
            return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
        }
        catch (JsonException)
        {
            return json;
        }
    }

}
