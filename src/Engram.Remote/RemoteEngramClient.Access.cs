using Engram.Access;
using Engram.Wire;

namespace Engram.Remote;

public sealed partial class RemoteEngramClient
{
    public async Task<Principal> CreatePrincipalAsync(CreatePrincipalRequest request, CancellationToken cancellationToken = default)
    {
        var body = new
        {
            kind = request.Kind == PrincipalKind.User ? "user" : "service_account",
            name = request.Name,
            role = request.Role == PrincipalRole.Admin ? "admin" : "member",
            groups = request.Groups,
        };
        return (await ExtensionAsync<PrincipalJson>(HttpMethod.Post, "v1/engram/principals", body, cancellationToken).ConfigureAwait(false)).ToModel();
    }

    public async Task<IReadOnlyList<Principal>> ListPrincipalsAsync(CancellationToken cancellationToken = default) =>
        (await ExtensionAsync<PageJson<PrincipalJson>>(HttpMethod.Get, "v1/engram/principals", null, cancellationToken).ConfigureAwait(false))
            .Data.Select(p => p.ToModel()).ToList();

    public async Task<CreatedApiKey> CreateApiKeyAsync(CreateApiKeyRequest request, CancellationToken cancellationToken = default)
    {
        var body = new Dictionary<string, string?> { ["name"] = request.Name, ["principal_id"] = request.PrincipalId };
        var json = await ExtensionAsync<ApiKeyJson>(HttpMethod.Post, "v1/engram/api_keys", body, cancellationToken).ConfigureAwait(false);
        return new CreatedApiKey(json.ToModel(), json.Secret ?? "");
    }

    public async Task<IReadOnlyList<ApiKey>> ListApiKeysAsync(CancellationToken cancellationToken = default) =>
        (await ExtensionAsync<PageJson<ApiKeyJson>>(HttpMethod.Get, "v1/engram/api_keys", null, cancellationToken).ConfigureAwait(false))
            .Data.Select(k => k.ToModel()).ToList();

    public async Task<ApiKey> RevokeApiKeyAsync(string apiKeyId, CancellationToken cancellationToken = default) =>
        (await ExtensionAsync<ApiKeyJson>(HttpMethod.Post, $"v1/engram/api_keys/{Escape(apiKeyId)}/revoke", null, cancellationToken).ConfigureAwait(false)).ToModel();
}
