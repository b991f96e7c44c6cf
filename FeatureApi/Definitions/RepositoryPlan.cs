using System.Globalization;
using FeatureApi.Features;

namespace FeatureApi.Definitions;

/// <summary>
/// What applying a document would change against the version served, in the way of <c>feast plan</c>: each entity,
/// stream, feature and feature set added, removed or changed, with the properties that changed (<c>window: 1h -> 2h</c>),
/// and the changes that break something flagged with their consequence (a removed feature's requests are refused, a
/// new tile size starts the window from empty, a changed key type orphans stored values).
/// </summary>
public static class RepositoryPlan
{
    public static PlanResult Compare(FeatureRegistry? before, FeatureRegistry after)
    {
        var changes = new List<PlanChange>();
        Diff(changes, "entity", before?.Entities ?? [], after.Entities, e => e.Name, CompareEntity,
            removed: e => $"Its stored features and live tiles stay in the store unread; requests naming {e.Name} are refused.");
        Diff(changes, "stream", before?.Streams ?? [], after.Streams, s => s.Name, CompareStream,
            removed: s => $"Events of {s.Name} are refused.");
        Diff(changes, "feature", before?.All ?? [], after.All, f => f.Name, CompareFeature,
            removed: f => $"Requests naming {f.Name} are refused{(f.Kind == FeatureKind.Stored ? "; its stored values stay in the store unread" : "")}.");
        Diff(changes, "featureSet", SetsOf(before), SetsOf(after), s => s.Name, CompareSet,
            removed: s => $"Requests naming the feature set {s.Name} are refused.");
        if (before is not null)
        {
            var (old, now) = (Names(before.DefaultSet.Requested), Names(after.DefaultSet.Requested));
            if (old != now)
            {
                changes.Add(new PlanChange("defaultFeatures", "defaultFeatures", PlanChangeKind.Changed, Breaking: true,
                    "Every extract that names no features is answered with other features.", [$"features: {old} -> {now}"]));
            }
        }
        return new PlanResult(before?.Version, changes);
    }

    private sealed record SetView(string Name, string Features);

    private static List<SetView> SetsOf(FeatureRegistry? registry) => registry is null ? []
        : [.. registry.SetDescriptions.Keys.Select(name => new SetView(name, Names(registry.FindSet(name)!.Requested)))];

    private static string Names(IEnumerable<FeatureDefinition> features) => "[" + string.Join(", ", features.Select(f => f.Name)) + "]";

    private static void Diff<T>(List<PlanChange> changes, string kind, IEnumerable<T> before, IEnumerable<T> after, Func<T, string> name,
        Func<T, T, (List<string> Details, string? Breaking)> compare, Func<T, string> removed)
    {
        var old = before.ToDictionary(name, StringComparer.Ordinal);
        var now = after.ToDictionary(name, StringComparer.Ordinal);
        foreach (var (key, value) in now)
        {
            if (!old.TryGetValue(key, out var previous))
            {
                changes.Add(new PlanChange(kind, key, PlanChangeKind.Added, Breaking: false, null, []));
                continue;
            }
            var (details, breaking) = compare(previous, value);
            if (details.Count > 0)
            {
                changes.Add(new PlanChange(kind, key, PlanChangeKind.Changed, breaking is not null, breaking, details));
            }
        }
        foreach (var (key, value) in old.Where(pair => !now.ContainsKey(pair.Key)))
        {
            changes.Add(new PlanChange(kind, key, PlanChangeKind.Removed, Breaking: true, removed(value), []));
        }
    }

    private static (List<string>, string?) CompareEntity(EntityDefinition old, EntityDefinition now)
    {
        var details = new List<string>();
        Property(details, "key", Key(old.KeyType), Key(now.KeyType));
        Property(details, "description", old.Description, now.Description);
        Property(details, "cache", Flag(old.Cached), Flag(now.Cached));
        return (details, old.KeyType != now.KeyType
            ? $"Stored values and live tiles of {now.Name} were written under {Key(old.KeyType)} keys and are orphaned: reads find nothing until they are written again."
            : null);
    }

    private static (List<string>, string?) CompareStream(EventStream old, EventStream now)
    {
        var details = new List<string>();
        Property(details, "entity", old.Entity.Name, now.Entity.Name);
        Property(details, "description", old.Description, now.Description);
        return (details, old.Entity.Name != now.Entity.Name ? $"Its live features start from empty windows under {now.Entity.Name}'s keys." : null);
    }

    private static (List<string>, string?) CompareFeature(FeatureDefinition old, FeatureDefinition now)
    {
        var details = new List<string>();
        string? breaking = null;
        Property(details, "source", Source(old.Kind), Source(now.Kind));
        Property(details, "type", Type(old.Type), Type(now.Type));
        Property(details, "entity", old.Entity?.Name, now.Entity?.Name);
        Property(details, "default", Number(old.Default), Number(now.Default));
        Property(details, "maxAge", Duration(old.MaxAge), Duration(now.MaxAge));
        Property(details, "cache", Flag(old.Cached), Flag(now.Cached));
        Property(details, "expression", old.Expression, now.Expression);
        Property(details, "stream", old.Live?.Stream.Name, now.Live?.Stream.Name);
        Property(details, "aggregation", old.Live?.Aggregation.ToString().ToLowerInvariant(), now.Live?.Aggregation.ToString().ToLowerInvariant());
        Property(details, "window", Duration(old.Live?.Window), Duration(now.Live?.Window));
        Property(details, "tile", Duration(old.Live?.TileSize), Duration(now.Live?.TileSize));
        Property(details, "description", old.Description, now.Description);
        Property(details, "owner", old.Owner, now.Owner);
        Property(details, "tags", string.Join(",", old.Tags), string.Join(",", now.Tags));

        if (old.Kind != now.Kind)
        {
            breaking = $"It is served from another source ({Source(now.Kind)}): its values change meaning.";
        }
        else if (now.Kind == FeatureKind.Stored && old.Entity?.Name != now.Entity?.Name)
        {
            breaking = $"Its values were stored under {old.Entity?.Name} and are orphaned: reads serve the default until they are written for {now.Entity?.Name}.";
        }
        else if (old.Type != now.Type && (old.Type == FeatureValueType.Bool || now.Type == FeatureValueType.Bool))
        {
            breaking = "It changes between a bool and a number: callers read it another way.";
        }
        else if (now.Live is { } live && old.Live is { } was)
        {
            if (live.Stream.Name != was.Stream.Name)
            {
                breaking = $"It aggregates another stream ({live.Stream.Name}): the window starts from empty.";
            }
            else if (live.TileSize != was.TileSize)
            {
                breaking = $"A new tile size ({Duration(live.TileSize)}) starts the window from empty: values undercount for {Duration(live.Window)}.";
            }
            else if (NeedsNewTiles(was.Aggregation, live.Aggregation))
            {
                breaking = $"{live.Aggregation.ToString().ToLowerInvariant()} needs tiles that {was.Aggregation.ToString().ToLowerInvariant()} did not keep: the window starts from empty.";
            }
            else if (live.Window > was.Window)
            {
                breaking = $"A longer window reads tiles that were not kept: values undercount until {Duration(live.Window)} have passed.";
            }
        }
        return (details, breaking);
    }

    private static bool NeedsNewTiles(Aggregation old, Aggregation now) =>
        RepositoryCompiler.FieldsOf(now).Except(RepositoryCompiler.FieldsOf(old)).Any();

    private static (List<string>, string?) CompareSet(SetView old, SetView now)
    {
        var details = new List<string>();
        Property(details, "features", old.Features, now.Features);
        return (details, details.Count > 0 ? $"Requests naming {now.Name} are answered with other features." : null);
    }

    private static void Property(List<string> details, string name, string? old, string? now)
    {
        if (!string.Equals(old ?? "", now ?? "", StringComparison.Ordinal))
        {
            details.Add($"{name}: {Show(old)} -> {Show(now)}");
        }
    }

    private static string Show(string? value) => string.IsNullOrEmpty(value) ? "(none)" : value.Length > 80 ? value[..79] + "…" : value;

    private static string Key(EntityKeyType type) => type == EntityKeyType.Int64 ? "int64" : "string";

    private static string Source(FeatureKind kind) => kind.ToString().ToLowerInvariant();

    private static string Type(FeatureValueType type) => type.ToString().ToLowerInvariant();

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Flag(bool value) => value ? "true" : "false";

    private static string? Duration(TimeSpan? duration) => duration is { } d ? DurationText.Format(d) : null;
}

/// <summary>What a plan found against version <see cref="BaseVersion"/> (none before the first apply).</summary>
public sealed record PlanResult(long? BaseVersion, IReadOnlyList<PlanChange> Changes)
{
    public bool Breaking => Changes.Any(c => c.Breaking);

    /// <summary>One line for the history: <c>2 added, 1 changed (1 breaking), 0 removed</c>.</summary>
    public string Summary
    {
        get
        {
            var breaking = Changes.Count(c => c.Breaking);
            return Changes.Count == 0 ? "No changes."
                : string.Create(CultureInfo.InvariantCulture,
                    $"{Changes.Count(c => c.Change == PlanChangeKind.Added)} added, {Changes.Count(c => c.Change == PlanChangeKind.Changed)} changed, {Changes.Count(c => c.Change == PlanChangeKind.Removed)} removed{(breaking > 0 ? $" ({breaking} breaking)" : "")}.");
        }
    }

    /// <summary>The plan as <c>feast plan</c> prints it: <c>Created feature x</c>, then <c>  window: 1h -> 2h</c>.</summary>
    public IReadOnlyList<string> Lines => [.. Changes.SelectMany(c => c.Lines)];
}

public enum PlanChangeKind
{
    Added,
    Changed,
    Removed,
}

/// <summary>One change: what (<see cref="Kind"/> and <see cref="Name"/>), how, and, when it breaks something, what.</summary>
public sealed record PlanChange(string Kind, string Name, PlanChangeKind Change, bool Breaking, string? Consequence, IReadOnlyList<string> Details)
{
    public IEnumerable<string> Lines =>
        new[] { $"{Change switch { PlanChangeKind.Added => "Created", PlanChangeKind.Removed => "Deleted", _ => "Updated" }} {Kind} {Name}{(Breaking ? " (breaking)" : "")}" }
            .Concat(Details.Select(d => "  " + d))
            .Concat(Consequence is null ? [] : ["  ! " + Consequence]);
}
