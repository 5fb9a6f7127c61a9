using Engram.Errors;
using Engram.Identity;
using Engram.Memories;
using Engram.Storage;

namespace Engram.Access;

/// <summary>
/// Principals and their API keys: creation, listing, revocation, and turning a presented secret into a
/// <see cref="Caller"/>. Admins manage everyone; members manage their own keys.
/// </summary>
public sealed class AccessService(IMemoryStorage storage, TimeProvider time, IIdGenerator ids)
{
    /// <summary>The name of the key <see cref="BootstrapAsync"/> makes.</summary>
    public const string InitialKeyName = "initial admin key";

    /// <summary>Creates a principal.</summary>
    public Task<Principal> CreatePrincipalAsync(Caller caller, CreatePrincipalRequest request, CancellationToken cancellationToken)
    {
        RequireAdmin(caller, "create principals");
        var name = StoreRules.ValidateName(request.Name);
        var prefix = request.Kind == PrincipalKind.User ? IdPrefix.User : IdPrefix.ServiceAccount;
        return storage.WriteAsync(tx =>
        {
            var principal = new Principal(ids.NewId(prefix), request.Kind, name, request.Role, Now());
            tx.InsertPrincipal(principal);
            return principal;
        }, cancellationToken);
    }

    /// <summary>Every principal for admins; members see themselves.</summary>
    public async Task<IReadOnlyList<Principal>> ListPrincipalsAsync(Caller caller, CancellationToken cancellationToken)
    {
        var all = await storage.ListPrincipalsAsync(cancellationToken).ConfigureAwait(false);
        return caller.IsAdmin ? all : all.Where(p => p.Id == caller.PrincipalId).ToList();
    }

    /// <summary>Creates a key; its secret is in the result and nowhere else, ever.</summary>
    public Task<CreatedApiKey> CreateApiKeyAsync(Caller caller, CreateApiKeyRequest request, CancellationToken cancellationToken)
    {
        var name = StoreRules.ValidateName(request.Name ?? "api key");
        var owner = request.PrincipalId ?? caller.PrincipalId
            ?? throw new InvalidRequestException("principal_id", "is required: this caller is not a principal that can hold keys");
        if (owner != caller.PrincipalId)
        {
            RequireAdmin(caller, "create keys for other principals");
        }

        return storage.WriteAsync(tx =>
        {
            _ = tx.GetPrincipal(owner) ?? throw new NotFoundException("principal", owner);
            return IssueKey(tx, owner, name);
        }, cancellationToken);
    }

    /// <summary>Keys (never their secrets): every key for admins, their own for members.</summary>
    public Task<IReadOnlyList<ApiKey>> ListApiKeysAsync(Caller caller, CancellationToken cancellationToken) =>
        storage.ListApiKeysAsync(caller.IsAdmin ? null : caller.PrincipalId ?? "", cancellationToken);

    /// <summary>Revokes a key at once: the next request with it is refused. Revoking twice changes nothing.</summary>
    public Task<ApiKey> RevokeApiKeyAsync(Caller caller, string apiKeyId, CancellationToken cancellationToken) =>
        storage.WriteAsync(tx =>
        {
            var key = tx.GetApiKey(apiKeyId);
            if (key is null || (key.PrincipalId != caller.PrincipalId && !caller.IsAdmin))
            {
                throw new NotFoundException("api_key", apiKeyId);
            }

            if (key.IsRevoked)
            {
                return key;
            }

            var revoked = key with { RevokedAt = Now() };
            tx.RevokeApiKey(apiKeyId, revoked.RevokedAt!.Value);
            return revoked;
        }, cancellationToken);

    /// <summary>The caller a presented secret stands for, or an authentication error that does not say why.</summary>
    public async Task<Caller> AuthenticateAsync(string? secret, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(secret))
        {
            throw new AuthenticationFailedException("an API key is required: send it in the x-api-key header or as Authorization: Bearer");
        }

        var found = await storage.FindApiKeyAsync(ApiKey.HashSecret(secret), cancellationToken).ConfigureAwait(false);
        if (found is not { } match || match.Key.IsRevoked)
        {
            throw new AuthenticationFailedException("invalid API key (unknown or revoked)");
        }

        return new Caller(match.Principal.Actor, match.Key.Id, match.Principal.Role);
    }

    /// <summary>
    /// Makes <paramref name="userId"/> an admin user (if it is not a principal yet) and issues it a new key:
    /// how a fresh data directory gets its first credential.
    /// </summary>
    public Task<CreatedApiKey> BootstrapAsync(string userId, string userName, CancellationToken cancellationToken) =>
        storage.WriteAsync(tx =>
        {
            if (tx.GetPrincipal(userId) is null)
            {
                tx.InsertPrincipal(new Principal(userId, PrincipalKind.User, StoreRules.ValidateName(userName), PrincipalRole.Admin, Now()));
            }

            return IssueKey(tx, userId, InitialKeyName);
        }, cancellationToken);

    private CreatedApiKey IssueKey(IStorageWriter tx, string principalId, string name)
    {
        var secret = ApiKey.NewSecret();
        var key = new ApiKey(ids.NewId(IdPrefix.ApiKey), principalId, name, ApiKey.HintOf(secret), Now(), null);
        tx.InsertApiKey(key, ApiKey.HashSecret(secret));
        return new CreatedApiKey(key, secret);
    }

    private static void RequireAdmin(Caller caller, string action)
    {
        if (!caller.IsAdmin)
        {
            throw new PermissionDeniedException($"only admins may {action}");
        }
    }

    private DateTimeOffset Now() => time.UtcNowMicroseconds();
}
