namespace FeatureAspire.Client;

// The ranking call, /api/features/extract/candidates: one user and its candidate items in one request, the user read
// once and each distinct candidate once, instead of a batch whose every row repeats the user.
public sealed partial class FeatureApiClient
{
    /// <summary>
    /// Extracts a feature vector per candidate for one set of shared instances (the user) in one call: the shared
    /// instances are read once and each distinct candidate once, in one store exchange, and cross-entity features are
    /// computed per row.
    /// </summary>
    /// <param name="entities">
    /// Entity name → key for every entity the features read except the candidates' own: <c>new Dictionary&lt;string, EntityKey&gt; { ["user"] = 101 }</c>
    /// (empty when the features read only the candidates').
    /// </param>
    /// <param name="candidateEntity">The candidates' entity, such as <c>item</c>.</param>
    /// <param name="keys">The candidates, in the order the answer keeps (at most FeatureApi's <c>MaxBatchSize</c>, 1000 by default); a key may repeat.</param>
    /// <param name="request">Request field name → value, shared by every row.</param>
    /// <param name="features">Features to return for every candidate, in this order; null for <paramref name="featureSet"/> or the default set.</param>
    /// <param name="featureSet">A named feature set of the repository, instead of <paramref name="features"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The shared instances, the repository version that served the call, and one row per candidate in candidate order.</returns>
    /// <exception cref="FeatureApiException">
    /// FeatureApi refused the request: a 400 naming the place, such as <c>candidates.keys[3]</c> (a key of the wrong kind),
    /// <c>candidates.keys</c> (none, or more than the limit), <c>entities.user</c> (missing) or <c>request.discount</c>.
    /// </exception>
    public Task<CandidateVectors> ExtractCandidatesAsync(IReadOnlyDictionary<string, EntityKey> entities, string candidateEntity,
        IReadOnlyList<EntityKey> keys, IReadOnlyDictionary<string, double>? request = null, IReadOnlyList<string>? features = null,
        string? featureSet = null, CancellationToken cancellationToken = default) =>
        SendCandidatesAsync(CandidatesRequest.Of(entities, candidateEntity, keys, rows: null, request, features, featureSet), cancellationToken);

    /// <summary>
    /// Extracts a feature vector per candidate, as the overload with keys does, for candidates that carry request
    /// values of their own (a position, a per-item discount): a row's values override the shared ones.
    /// </summary>
    /// <param name="entities">Entity name → key for every entity the features read except the candidates' own.</param>
    /// <param name="candidateEntity">The candidates' entity, such as <c>item</c>.</param>
    /// <param name="rows">The candidates with their request values, in the order the answer keeps (at most FeatureApi's <c>MaxBatchSize</c>).</param>
    /// <param name="request">Request field name → value for every row; a field the features use must be here or in every row.</param>
    /// <param name="features">Features to return for every candidate, in this order; null for <paramref name="featureSet"/> or the default set.</param>
    /// <param name="featureSet">A named feature set of the repository, instead of <paramref name="features"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The shared instances, the repository version that served the call, and one row per candidate in candidate order.</returns>
    /// <exception cref="FeatureApiException">
    /// FeatureApi refused the request: a 400 naming the place, such as <c>candidates.rows[2].request.discount</c> (a row
    /// without a value the features use and the shared request does not give) or <c>candidates.rows[0].key</c>.
    /// </exception>
    public Task<CandidateVectors> ExtractCandidatesAsync(IReadOnlyDictionary<string, EntityKey> entities, string candidateEntity,
        IReadOnlyList<CandidateRow> rows, IReadOnlyDictionary<string, double>? request = null, IReadOnlyList<string>? features = null,
        string? featureSet = null, CancellationToken cancellationToken = default) =>
        SendCandidatesAsync(CandidatesRequest.Of(entities, candidateEntity, keys: null, rows, request, features, featureSet), cancellationToken);

    // Limits (how many candidates, which keys) are FeatureApi's settings, so they are checked there, as for a batch.
    private async Task<CandidateVectors> SendCandidatesAsync(CandidatesRequest body, CancellationToken cancellationToken)
    {
        using var call = transport.Start("extract_candidates", entity: body.Candidates.Entity, candidates: body.CandidateCount);
        var answer = await transport.SendAsync(HttpMethod.Post, "api/features/extract/candidates", body, Json.CandidatesRequest, Json.CandidateVectors,
            call, cancellationToken);
        call.Degraded(answer.Rows.Count(row => row.Degraded));
        return answer;
    }
}
