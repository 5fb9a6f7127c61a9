using Engram.Access;

namespace Engram.Client;

public partial interface IEngramClient
{
    /// <summary>Creates a user or service account (admins only).</summary>
    Task<Principal> CreatePrincipalAsync(CreatePrincipalRequest request, CancellationToken cancellationToken = default);

    /// <summary>Principals the caller may see (all for admins, itself for members).</summary>
    Task<IReadOnlyList<Principal>> ListPrincipalsAsync(CancellationToken cancellationToken = default);

    /// <summary>Creates an API key; the secret is returned this once.</summary>
    Task<CreatedApiKey> CreateApiKeyAsync(CreateApiKeyRequest request, CancellationToken cancellationToken = default);

    /// <summary>Keys the caller may see, without secrets.</summary>
    Task<IReadOnlyList<ApiKey>> ListApiKeysAsync(CancellationToken cancellationToken = default);

    /// <summary>Revokes a key at once.</summary>
    Task<ApiKey> RevokeApiKeyAsync(string apiKeyId, CancellationToken cancellationToken = default);
}
