using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace FeatureAdmin.Components.Charts;

/// <summary>
/// A plotly chart drawn by <c>wwwroot/js/charts.js</c>. Each render sends the current traces; the module caps redraws,
/// so a parent may re-render as often as its data changes.
/// </summary>
public sealed partial class PlotlyChart : ComponentBase, IAsyncDisposable
{
    private ElementReference element;
    private IJSObjectReference? module;

    [Inject] public required IJSRuntime JS { get; init; }

    [Parameter, EditorRequired] public required IReadOnlyList<ChartTrace> Traces { get; set; }
    [Parameter, EditorRequired] public required ChartLayout Layout { get; set; }
    [Parameter, EditorRequired] public required string Label { get; set; }
    [Parameter] public int Height { get; set; } = 280;

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        try
        {
            if (firstRender)
            {
                module = await JS.InvokeAsync<IJSObjectReference>("import", "./js/charts.js");
                await module.InvokeVoidAsync("initializeChart", element, Traces, Layout);
            }
            else if (module is not null)
            {
                await module.InvokeVoidAsync("updateChart", element, Traces, Layout);
            }
        }
        catch (JSDisconnectedException)
        {
            // The browser went away; nothing left to draw on.
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (module is null)
        {
            return;
        }
        try
        {
            await module.InvokeVoidAsync("disposeChart", element);
            await module.DisposeAsync();
        }
        catch (JSDisconnectedException)
        {
            // The circuit is gone with the page.
        }
    }
}
