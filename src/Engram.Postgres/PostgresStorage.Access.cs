using Engram.Access;
using Engram.Access.Policies;
using Engram.Storage;

namespace Engram.Postgres;

public sealed partial class PostgresStorage : IAccessStorage
{
    /// <inheritdoc />
    public Task<(ApiKey Key, Principal Principal)?> FindApiKeyAsync(string secretSha256, CancellationToken cancellationToken) =>
        FindKeyAsync(secretSha256, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<ApiKey>> ListApiKeysAsync(string? principalId, CancellationToken cancellationToken) =>
        DataSource.ManyAsync(
            $"SELECT {AccessRows.ApiKeyColumns} FROM api_keys k WHERE $1::text IS NULL OR k.principal_id = $1 ORDER BY k.created_at DESC, k.id DESC",
            [principalId], AccessRows.ReadApiKey, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<Principal>> ListPrincipalsAsync(CancellationToken cancellationToken) =>
        DataSource.ManyAsync(
            $"SELECT {AccessRows.PrincipalColumns} FROM principals p ORDER BY p.created_at DESC, p.id DESC", [], r => AccessRows.ReadPrincipal(r), cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlySet<string>> GetGroupsAsync(string principalId, CancellationToken cancellationToken) =>
        (await DataSource.ManyAsync("SELECT group_name FROM principal_groups WHERE principal_id = $1", [principalId], r => r.GetString(0), cancellationToken)
            .ConfigureAwait(false)).ToHashSet(StringComparer.Ordinal);

    /// <inheritdoc />
    public Task<IReadOnlyList<PolicyRule>> ListPolicyRulesAsync(CancellationToken cancellationToken) =>
        DataSource.ManyAsync($"SELECT {AccessRows.PolicyColumns} FROM policy_rules ORDER BY created_at, id", [], AccessRows.ReadPolicyRule, cancellationToken);

    /// <summary>
    /// The epoch is one row of the shared database, moved on in the same transaction as the change it announces, so
    /// every node reads the same value: a node's rule cache (PolicyStore) re-reads it at most <c>RecheckInterval</c>
    /// after its last check and reloads the rules when it changed.
    /// </summary>
    public async Task<long> GetPolicyEpochAsync(CancellationToken cancellationToken) =>
        Convert.ToInt64(
            await DataSource.ScalarAsync("SELECT coalesce((SELECT value FROM settings WHERE key = 'policy_epoch'), 0)", [], cancellationToken).ConfigureAwait(false),
            System.Globalization.CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, string>> ListStoreSourcesAsync(CancellationToken cancellationToken) =>
        (await DataSource.ManyAsync(
            "SELECT d.output_store_id, d.store_id FROM dreams d " +
            "JOIN stores copy ON copy.id = d.output_store_id JOIN stores source ON source.id = d.store_id " +
            "WHERE d.output_store_id IS NOT NULL AND d.output_store_id <> d.store_id",
            [], r => (Copy: r.GetString(0), Source: r.GetString(1)), cancellationToken).ConfigureAwait(false))
        .ToDictionary(pair => pair.Copy, pair => pair.Source, StringComparer.Ordinal);

    private async Task<(ApiKey Key, Principal Principal)?> FindKeyAsync(string secretSha256, CancellationToken cancellationToken)
    {
        var found = await DataSource.ManyAsync(
            $"SELECT {AccessRows.ApiKeyColumns}, {AccessRows.PrincipalColumns} FROM api_keys k JOIN principals p ON p.id = k.principal_id WHERE k.secret_sha256 = $1",
            [secretSha256], r => (Key: AccessRows.ReadApiKey(r), Principal: AccessRows.ReadPrincipal(r, 6)), cancellationToken).ConfigureAwait(false);
        return found.Count == 0 ? null : found[0];
    }
}
