using FeatureAdmin.Probe;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FeatureAdmin.Extensions;

/// <summary>Downloads of kept probe runs, so an export is a plain link.</summary>
public static class ProbeExportEndpoints
{
    public static string CsvPath(Guid id) => $"/exports/probe-runs/{id}.csv";
    public static string JsonPath(Guid id) => $"/exports/probe-runs/{id}.json";

    public static IEndpointRouteBuilder MapProbeExports(this IEndpointRouteBuilder app)
    {
        var exports = app.MapGroup("/exports/probe-runs").RequireAuthorization().ExcludeFromDescription();
        exports.MapGet("/{id:guid}.csv", (Guid id, ProbeHistory history) => Export(history, id, ProbeExport.ToCsv, "text/csv", "csv"));
        exports.MapGet("/{id:guid}.json", (Guid id, ProbeHistory history) => Export(history, id, ProbeExport.ToJson, "application/json", "json"));
        return app;
    }

    private static Results<FileContentHttpResult, NotFound> Export(
        ProbeHistory history, Guid id, Func<ProbeResult, string> format, string contentType, string extension) =>
        history.Find(id) is { } run
            ? TypedResults.File(System.Text.Encoding.UTF8.GetBytes(format(run)), contentType,
                $"probe-{run.StartedAt.ToUniversalTime():yyyyMMdd-HHmmss}.{extension}")
            : TypedResults.NotFound();
}
