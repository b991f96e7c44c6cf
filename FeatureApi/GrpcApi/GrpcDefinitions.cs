using System.Runtime.CompilerServices;
using FeatureApi.Features;
using Google.Protobuf.WellKnownTypes;
using Rpc = FeatureAspire.Serving.V1;

namespace FeatureApi.GrpcApi;

/// <summary>
/// GetDefinitions' answer: what <c>GET /api/features/definitions</c> lists, built once per registry version (a version
/// never changes) and shared by every call that version serves; nobody writes to it after it is built.
/// </summary>
internal static class GrpcDefinitions
{
    private static readonly ConditionalWeakTable<FeatureRegistry, Rpc.GetDefinitionsResponse> Built = [];

    public static Rpc.GetDefinitionsResponse Of(FeatureRegistry registry) => Built.GetValue(registry, Build);

    private static Rpc.GetDefinitionsResponse Build(FeatureRegistry registry)
    {
        var answer = new Rpc.GetDefinitionsResponse { RegistryVersion = registry.Version };
        foreach (var feature in registry.All)
        {
            var definition = new Rpc.FeatureDefinition
            {
                Name = feature.Name,
                Kind = Kind(feature.Kind),
                Type = ValueType(feature.Type),
                DefaultValue = feature.Default,
                Description = feature.Description,
                Inputs = { feature.Inputs.Select(input => input.Name) },
                MaxAge = feature.MaxAge is { } maxAge ? Duration.FromTimeSpan(maxAge) : null,
                Entity = feature.Entity?.Name ?? "",
                Expression = feature.Expression ?? "",
            };
            if (feature.Live is { } live)
            {
                definition.Live = new Rpc.LiveAggregate
                {
                    Stream = live.Stream.Name,
                    Aggregation = Aggregate(live.Aggregation),
                    Window = Duration.FromTimeSpan(live.Window),
                    TileSize = Duration.FromTimeSpan(live.TileSize),
                    TilesRead = live.TilesRead,
                };
            }
            answer.Features.Add(definition);
        }
        return answer;
    }

    private static Rpc.FeatureKind Kind(FeatureKind kind) => kind switch
    {
        FeatureKind.Stored => Rpc.FeatureKind.Stored,
        FeatureKind.Request => Rpc.FeatureKind.Request,
        FeatureKind.Live => Rpc.FeatureKind.Live,
        FeatureKind.Derived => Rpc.FeatureKind.Derived,
        _ => Rpc.FeatureKind.Unspecified,
    };

    private static Rpc.FeatureValueType ValueType(FeatureValueType type) => type switch
    {
        FeatureValueType.Int => Rpc.FeatureValueType.Int,
        FeatureValueType.Double => Rpc.FeatureValueType.Double,
        FeatureValueType.Bool => Rpc.FeatureValueType.Bool,
        _ => Rpc.FeatureValueType.Unspecified,
    };

    private static Rpc.Aggregation Aggregate(Aggregation aggregation) => aggregation switch
    {
        Aggregation.Count => Rpc.Aggregation.Count,
        Aggregation.Sum => Rpc.Aggregation.Sum,
        Aggregation.Avg => Rpc.Aggregation.Avg,
        Aggregation.Max => Rpc.Aggregation.Max,
        Aggregation.Min => Rpc.Aggregation.Min,
        _ => Rpc.Aggregation.Unspecified,
    };
}
