using Engram.Access;

namespace Engram.Sqlite;

public sealed partial class SqliteMemoryStorage
{
    /// <inheritdoc />
    public Task<(ApiKey Key, Principal Principal)?> FindApiKeyAsync(string secretSha256, CancellationToken cancellationToken) =>
        ReadAsync<(ApiKey, Principal)?>(c =>
        {
            using var command = Command(
                c,
                $"SELECT {Rows.ApiKeyColumns}, p.id, p.kind, p.name, p.role, p.created_at FROM api_keys k JOIN principals p ON p.id = k.principal_id WHERE k.secret_sha256 = $hash",
                [("$hash", secretSha256)]);
            using var reader = command.ExecuteReader();
            return reader.Read() ? (Rows.ReadApiKey(reader), Rows.ReadPrincipal(reader, 6)) : null;
        }, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<ApiKey>> ListApiKeysAsync(string? principalId, CancellationToken cancellationToken) =>
        ReadAsync(c => Many(
            c, $"SELECT {Rows.ApiKeyColumns} FROM api_keys k WHERE $principal IS NULL OR k.principal_id = $principal ORDER BY k.created_at DESC, k.id DESC",
            r => Rows.ReadApiKey(r), ("$principal", Rows.Db(principalId))), cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<Principal>> ListPrincipalsAsync(CancellationToken cancellationToken) =>
        ReadAsync(c => Many(c, $"SELECT {Rows.PrincipalColumns} FROM principals ORDER BY created_at DESC, id DESC", r => Rows.ReadPrincipal(r)), cancellationToken);
}
