using System.ComponentModel.DataAnnotations;
using System.Globalization;
using FeatureApi.Features;
using FeatureApi.Requests;
using Microsoft.AspNetCore.Mvc;

namespace FeatureApi.Apis;

/// <summary>
/// <c>/api/entities/{entity}</c>: an entity of the request's registry version, checked like a body (an unknown one is a
/// 400 naming <c>entity</c>, listing those there are).
/// </summary>
public class EntityRoute : IValidatableObject
{
    public const string EntityParameter = "entity";

    [FromRoute(Name = EntityParameter)]
    public required string Entity { get; init; }

    public virtual IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var errors = new RequestErrors();
        Check(validationContext.GetRequiredService<FeatureRegistry>(), errors);
        return errors.Results;
    }

    /// <summary>The entity, once validated.</summary>
    internal EntityDefinition Definition(FeatureRegistry registry) => registry.FindEntity(Entity)!;

    private protected EntityDefinition? Check(FeatureRegistry registry, RequestErrors errors)
    {
        var entity = registry.FindEntity(Entity);
        if (entity is null)
        {
            errors.Add("entity", $"Unknown entity '{Entity}'. Entities: {string.Join(", ", registry.Entities.Select(e => e.Name))}.");
        }
        return entity;
    }
}

/// <summary><c>/api/entities/{entity}/{key}</c>: an entity and one instance's key, valid for the entity's key type.</summary>
public sealed class EntityKeyRoute : EntityRoute
{
    [FromRoute(Name = "key")]
    public required string Key { get; init; }

    public override IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var errors = new RequestErrors();
        if (Check(validationContext.GetRequiredService<FeatureRegistry>(), errors) is { } entity && Parse(entity).Problem(entity.KeyType) is { } problem)
        {
            errors.Add("key", $"The key of {entity.Name} {problem}");
        }
        return errors.Results;
    }

    /// <summary>The instance's key, once validated.</summary>
    internal EntityKey KeyOf(FeatureRegistry registry) => Parse(Definition(registry));

    private EntityKey Parse(EntityDefinition entity) => entity.KeyType == EntityKeyType.Int64
        ? EntityKey.Of(long.TryParse(Key, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : 0)
        : EntityKey.Of(Key);
}
