using System.Text.Json.Serialization;

namespace FeatureAspire.Client;

/// <summary>
/// The body of <c>POST /api/features/extract/candidates</c>, a ranking call: the instances every row shares (the user),
/// the candidates to score (items), the shared request values, and which features.
/// </summary>
/// <param name="Entities">Entity name → key for every entity the features read except the candidates' own, such as <c>{"user":101}</c>.</param>
/// <param name="Candidates">The candidates' entity and their keys, or rows carrying their own request values.</param>
/// <param name="Request">Request field name → value, shared by every row; left out when null.</param>
/// <param name="Features">Features to return for every candidate; null for a feature set or the default set.</param>
/// <param name="FeatureSet">A named feature set of the repository, instead of <paramref name="Features"/>.</param>
public sealed record CandidatesRequest(IReadOnlyDictionary<string, EntityKey> Entities, CandidateList Candidates,
    IReadOnlyDictionary<string, double>? Request = null, IReadOnlyList<string>? Features = null, string? FeatureSet = null)
{
    // What both clients' ExtractCandidatesAsync overloads send, checked the same way on either transport.
    internal static CandidatesRequest Of(IReadOnlyDictionary<string, EntityKey> entities, string candidateEntity, IReadOnlyList<EntityKey>? keys,
        IReadOnlyList<CandidateRow>? rows, IReadOnlyDictionary<string, double>? request, IReadOnlyList<string>? features, string? featureSet)
    {
        ArgumentNullException.ThrowIfNull(entities);
        ArgumentNullException.ThrowIfNull(candidateEntity);
        if (keys is null && rows is null)
        {
            throw new ArgumentNullException(nameof(keys), "Candidates are keys or rows.");
        }
        return new(entities, new CandidateList(candidateEntity, keys, rows), request, features, featureSet);
    }

    /// <summary>How many candidates the request carries.</summary>
    internal int CandidateCount => Candidates.Keys?.Count ?? Candidates.Rows?.Count ?? 0;
}

/// <summary>The candidates of a ranking call: their entity and either <see cref="Keys"/> or <see cref="Rows"/>, never both.</summary>
/// <param name="Entity">The candidates' entity, such as <c>item</c>.</param>
/// <param name="Keys">The candidates' keys, in the order the answer keeps; a key may repeat.</param>
/// <param name="Rows">Instead of keys: each candidate's key and its own request values, which override the shared ones.</param>
public sealed record CandidateList(string Entity, IReadOnlyList<EntityKey>? Keys = null, IReadOnlyList<CandidateRow>? Rows = null);

/// <summary>One candidate with request values of its own.</summary>
/// <param name="Key">The candidate's key, of the candidates' entity's key type.</param>
/// <param name="Request">Request field name → value for this row, over the shared ones; left out when null.</param>
public sealed record CandidateRow(EntityKey Key, IReadOnlyDictionary<string, double>? Request = null);

/// <summary>The answer of a ranking call: the shared instances once, then one row per candidate, in candidate order.</summary>
/// <param name="Entities">Entity name → key of the shared instances (every entity but the candidates').</param>
/// <param name="RegistryVersion">The repository version that served every row.</param>
/// <param name="Degraded">True when any row's feature is <see cref="FeatureStatus.Unavailable"/>; see <see cref="CandidateVector.Degraded"/> for which.</param>
/// <param name="Rows">One per candidate, in the order sent (a repeated key is answered each time).</param>
public sealed record CandidateVectors(IReadOnlyDictionary<string, EntityKey> Entities, long RegistryVersion, bool Degraded,
    IReadOnlyList<CandidateVector> Rows);

/// <summary>One candidate's feature vector.</summary>
/// <param name="Key">The candidate.</param>
/// <param name="Features">Feature name → value, in the order the request named them.</param>
/// <param name="Status">Feature name → how the value was obtained.</param>
public sealed record CandidateVector(EntityKey Key, IReadOnlyDictionary<string, double> Features, IReadOnlyDictionary<string, FeatureStatus> Status)
{
    /// <summary>True when any of the row's features is <see cref="FeatureStatus.Unavailable"/>: FeatureApi states it once for the whole answer, not per row.</summary>
    [JsonIgnore]
    public bool Degraded => Status.Values.Contains(FeatureStatus.Unavailable);
}
