using Engram.Access;

namespace Engram.Storage;

public partial interface IMemoryStorage
{
    /// <summary>The unrevoked or revoked key whose secret hashes to <paramref name="secretSha256"/>, with its principal; null if none.</summary>
    Task<(ApiKey Key, Principal Principal)?> FindApiKeyAsync(string secretSha256, CancellationToken cancellationToken);

    /// <summary>Keys, newest first; only those of <paramref name="principalId"/> when given.</summary>
    Task<IReadOnlyList<ApiKey>> ListApiKeysAsync(string? principalId, CancellationToken cancellationToken);

    /// <summary>Principals, newest first.</summary>
    Task<IReadOnlyList<Principal>> ListPrincipalsAsync(CancellationToken cancellationToken);
}

public partial interface IStorageWriter
{
    /// <summary>The principal, or null.</summary>
    Principal? GetPrincipal(string principalId);

    /// <summary>Adds a principal.</summary>
    void InsertPrincipal(Principal principal);

    /// <summary>Adds a key, stored by the hash of its secret.</summary>
    void InsertApiKey(ApiKey key, string secretSha256);

    /// <summary>The key, or null.</summary>
    ApiKey? GetApiKey(string apiKeyId);

    /// <summary>Marks a key revoked.</summary>
    void RevokeApiKey(string apiKeyId, DateTimeOffset revokedAt);
}
