// Plotly charts for the admin, in the manner of the Aspire dashboard: traces come typed from C#, colours come from
// the FluentUI design tokens at draw time (so light and dark both look right), redraws are capped per chart.

const minRedrawMs = 200; // at most 5 redraws a second, however fast a probe reports
const charts = new Map(); // element -> { traces, layout, last, pending }

function token(name, fallback) {
    const value = getComputedStyle(document.body).getPropertyValue(name).trim();
    return value || fallback;
}

function seriesColour(index) {
    const tokens = ['--accent-fill-rest', '--warning', '--error', '--neutral-foreground-hint'];
    return token(tokens[index % tokens.length], '#0f6cbd');
}

function plotlyTraces(traces) {
    return traces.map(t => ({
        name: t.name,
        x: t.x,
        y: t.y,
        type: t.type === 'bar' ? 'bar' : 'scatter',
        mode: t.type === 'bar' ? undefined : (t.x.length > 60 ? 'lines' : 'lines+markers'),
        yaxis: t.secondaryAxis ? 'y2' : 'y',
        marker: { color: seriesColour(t.colour) },
        line: { color: seriesColour(t.colour), width: 2, dash: t.dashed ? 'dot' : 'solid', shape: 'linear' },
        hovertemplate: `%{y:.3f} ${t.unit ?? ''}<extra>${t.name}</extra>`,
    }));
}

// Positions 0..n-1 named by labels, thinned to about ten so they stay readable.
function tickLabels(labels) {
    if (!labels || labels.length === 0) {
        return {};
    }
    const step = Math.max(1, Math.ceil(labels.length / 10));
    const tickvals = labels.map((_, i) => i).filter(i => i % step === 0);
    return { tickmode: 'array', tickvals, ticktext: tickvals.map(i => labels[i]), rangemode: 'normal' };
}

function plotlyLayout(layout) {
    const text = token('--neutral-foreground-rest', '#242424');
    const grid = token('--neutral-stroke-rest', '#d1d1d1');
    const axis = title => ({
        title: { text: title, font: { color: text, size: 12 } },
        color: text,
        gridcolor: grid,
        zerolinecolor: grid,
        automargin: true,
        rangemode: 'tozero',
    });
    const result = {
        paper_bgcolor: 'rgba(0,0,0,0)',
        plot_bgcolor: 'rgba(0,0,0,0)',
        font: { family: token('--body-font', 'Segoe UI, sans-serif'), color: text, size: 12 },
        // Room above the plot for the markers' labels, one row each, so close percentiles do not print over each other.
        margin: { l: 50, r: layout.y2Title ? 60 : 20, t: 10 + 14 * (layout.markers?.length ?? 0), b: 40 },
        legend: { orientation: 'h', y: -0.25, font: { color: text } },
        xaxis: { ...axis(layout.xTitle), ...tickLabels(layout.xTickLabels) },
        yaxis: axis(layout.yTitle),
        bargap: 0.1,
        shapes: (layout.markers ?? []).map((m, i) => ({
            type: 'line', xref: 'x', yref: 'paper', x0: m.x, x1: m.x, y0: 0, y1: 1,
            line: { color: seriesColour(m.colour ?? i), width: 1.5, dash: 'dash' },
        })),
        annotations: (layout.markers ?? []).map((m, i) => ({
            x: m.x, xref: 'x', yref: 'paper', y: 1, yanchor: 'bottom', yshift: 14 * i, showarrow: false,
            text: m.label, font: { color: seriesColour(m.colour ?? i), size: 11 },
        })),
    };
    if (layout.y2Title) {
        result.yaxis2 = { ...axis(layout.y2Title), overlaying: 'y', side: 'right', showgrid: false };
    }
    return result;
}

function draw(element) {
    const chart = charts.get(element);
    if (!chart || !window.Plotly) {
        return;
    }
    chart.last = performance.now();
    chart.pending = null;
    window.Plotly.react(element, plotlyTraces(chart.traces), plotlyLayout(chart.layout),
        { displayModeBar: false, responsive: true });
}

let plotlyLoading = null;

// plotly.js is large, so only pages with a chart load it; it is served by the admin itself, never from a CDN.
function ensurePlotly() {
    if (window.Plotly) {
        return Promise.resolve();
    }
    plotlyLoading ??= new Promise((resolve, reject) => {
        const script = document.createElement('script');
        script.src = new URL('../lib/plotly/plotly.min.js', import.meta.url).href;
        script.onload = resolve;
        script.onerror = () => { plotlyLoading = null; reject(new Error('plotly.js could not be loaded')); };
        document.head.appendChild(script);
    });
    return plotlyLoading;
}

export async function initializeChart(element, traces, layout) {
    charts.set(element, { traces, layout, last: 0, pending: null });
    await ensurePlotly();
    draw(element);
}

export async function updateChart(element, traces, layout) {
    const chart = charts.get(element);
    if (!chart) {
        await initializeChart(element, traces, layout);
        return;
    }
    chart.traces = traces;
    chart.layout = layout;
    const wait = minRedrawMs - (performance.now() - chart.last);
    if (wait <= 0) {
        draw(element);
    } else if (!chart.pending) {
        // The latest data is drawn when the cap allows; updates in between only replace what will be drawn.
        chart.pending = setTimeout(() => draw(element), wait);
    }
}

export function disposeChart(element) {
    const chart = charts.get(element);
    if (chart?.pending) {
        clearTimeout(chart.pending);
    }
    charts.delete(element);
    if (window.Plotly && element) {
        window.Plotly.purge(element);
    }
}

// FluentDesignTheme writes data-theme on <body> when the theme changes; redraw with the new tokens once they apply.
new MutationObserver(() => setTimeout(() => charts.forEach((_, element) => draw(element)), 50))
    .observe(document.body, { attributes: true, attributeFilter: ['data-theme'] });
