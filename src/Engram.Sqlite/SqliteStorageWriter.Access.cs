using Engram.Access;

namespace Engram.Sqlite;

internal sealed partial class SqliteStorageWriter
{
    public Principal? GetPrincipal(string principalId)
    {
        using var reader = Query($"SELECT {Rows.PrincipalColumns} FROM principals WHERE id = $id", ("$id", principalId));
        return reader.Read() ? Rows.ReadPrincipal(reader) : null;
    }

    public void InsertPrincipal(Principal principal) => Execute(
        "INSERT INTO principals (id, kind, name, role, created_at) VALUES ($id, $kind, $name, $role, $created)",
        ("$id", principal.Id), ("$kind", (int)principal.Kind), ("$name", principal.Name), ("$role", (int)principal.Role), ("$created", principal.CreatedAt.UtcTicks));

    public void InsertApiKey(ApiKey key, string secretSha256) => Execute(
        "INSERT INTO api_keys (id, principal_id, name, hint, secret_sha256, created_at, revoked_at) VALUES ($id, $principal, $name, $hint, $hash, $created, NULL)",
        ("$id", key.Id), ("$principal", key.PrincipalId), ("$name", key.Name), ("$hint", key.Hint), ("$hash", secretSha256), ("$created", key.CreatedAt.UtcTicks));

    public ApiKey? GetApiKey(string apiKeyId)
    {
        using var reader = Query($"SELECT {Rows.ApiKeyColumns} FROM api_keys k WHERE k.id = $id", ("$id", apiKeyId));
        return reader.Read() ? Rows.ReadApiKey(reader) : null;
    }

    public void RevokeApiKey(string apiKeyId, DateTimeOffset revokedAt) =>
        Execute("UPDATE api_keys SET revoked_at = $at WHERE id = $id", ("$id", apiKeyId), ("$at", revokedAt.UtcTicks));
}
