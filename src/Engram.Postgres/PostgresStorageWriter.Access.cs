using Engram.Access;
using Engram.Access.Policies;
using Engram.Storage;

namespace Engram.Postgres;

internal sealed partial class PostgresStorageWriter : IAccessWriter
{
    public Principal? GetPrincipal(string principalId)
    {
        using var reader = Query($"SELECT {AccessRows.PrincipalColumns} FROM principals p WHERE p.id = $1", principalId);
        return reader.Read() ? AccessRows.ReadPrincipal(reader) : null;
    }

    public void InsertPrincipal(Principal principal) => Execute(
        "INSERT INTO principals (id, kind, name, role, created_at) VALUES ($1, $2, $3, $4, $5)",
        principal.Id, (int)principal.Kind, principal.Name, (int)principal.Role, principal.CreatedAt.UtcTicks);

    public void InsertApiKey(ApiKey key, string secretSha256) => Execute(
        "INSERT INTO api_keys (id, principal_id, name, hint, secret_sha256, created_at, revoked_at) VALUES ($1, $2, $3, $4, $5, $6, NULL)",
        key.Id, key.PrincipalId, key.Name, key.Hint, secretSha256, key.CreatedAt.UtcTicks);

    /// <summary>The key, locked until the unit ends: a revocation decided on what this read is made once, on any node.</summary>
    public ApiKey? GetApiKey(string apiKeyId)
    {
        using var reader = Query($"SELECT {AccessRows.ApiKeyColumns} FROM api_keys k WHERE k.id = $1 FOR NO KEY UPDATE", apiKeyId);
        return reader.Read() ? AccessRows.ReadApiKey(reader) : null;
    }

    public void RevokeApiKey(string apiKeyId, DateTimeOffset revokedAt) =>
        Execute("UPDATE api_keys SET revoked_at = $2 WHERE id = $1", apiKeyId, revokedAt.UtcTicks);

    /// <summary>
    /// Replaces the groups under the principal's row lock, so two replacements on two nodes apply one after the other
    /// (the second's delete sees the first's rows) instead of leaving the union of both.
    /// </summary>
    public void SetGroups(string principalId, IReadOnlyCollection<string> groups)
    {
        Execute("SELECT 1 FROM principals WHERE id = $1 FOR NO KEY UPDATE", principalId);
        Execute("DELETE FROM principal_groups WHERE principal_id = $1", principalId);
        Execute(
            "INSERT INTO principal_groups (principal_id, group_name) SELECT $1, g FROM unnest($2::text[]) AS g ON CONFLICT DO NOTHING",
            principalId, groups.ToArray());
        BumpPolicyEpoch();
    }

    public void InsertPolicyRule(PolicyRule rule)
    {
        Execute(
            "INSERT INTO policy_rules (id, store_id, subject, path, capabilities, effect, description, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            rule.Id, rule.StoreId, rule.Subject.Value, rule.Path.Pattern, (int)rule.Capabilities, (int)rule.Effect, rule.Description, rule.CreatedAt.UtcTicks);
        BumpPolicyEpoch();
    }

    public PolicyRule? GetPolicyRule(string ruleId)
    {
        using var reader = Query($"SELECT {AccessRows.PolicyColumns} FROM policy_rules WHERE id = $1", ruleId);
        return reader.Read() ? AccessRows.ReadPolicyRule(reader) : null;
    }

    public void DeletePolicyRule(string ruleId)
    {
        Execute("DELETE FROM policy_rules WHERE id = $1", ruleId);
        BumpPolicyEpoch();
    }

    /// <summary>
    /// Moves the shared epoch on (from 0 when no change made its row yet), in the unit's transaction: every node's next
    /// epoch check after the commit sees the new value. Concurrent bumps queue on the row's lock, or on its key when
    /// two make it at once, and each adds one. <paramref name="onlyIf"/>, when given, is a condition (SQL) on its parameters.
    /// </summary>
    private void BumpPolicyEpoch(string onlyIf = "true", params object?[] parameters) => Execute(
        $"INSERT INTO settings (key, value) SELECT 'policy_epoch', 1 WHERE {onlyIf} ON CONFLICT (key) DO UPDATE SET value = settings.value + 1",
        parameters);
}
