using Engram.Access.Audit;
using Engram.Access.Policies;
using Engram.Errors;
using Engram.Identity;
using Engram.Memories;
using Engram.Storage;

namespace Engram.Access;

/// <summary>
/// Principals, their groups and API keys, agent sessions and their tokens, and the policy rules: creation,
/// listing, revocation, and turning a presented secret into a <see cref="Caller"/>. Admins manage everyone;
/// members manage their own keys; store admins manage their store's rules.
/// </summary>
internal sealed partial class AccessService(IAccessStorage storage, ISessionStorage sessionStorage, IMemoryStorage memoryStorage, TimeProvider time, IIdGenerator ids, PolicyStore policies, AuditTrail audit)
{
    /// <summary>The name of the key <see cref="BootstrapAsync"/> makes.</summary>
    public const string InitialKeyName = "initial admin key";

    /// <summary>Creates a principal, optionally in groups.</summary>
    public async Task<Principal> CreatePrincipalAsync(Caller caller, CreatePrincipalRequest request, CancellationToken cancellationToken)
    {
        await RequireAdminAsync(caller, "principal.create", "create principals", cancellationToken).ConfigureAwait(false);
        var name = StoreRules.ValidateName(request.Name);
        var groups = ValidateGroups(request.Groups);
        var prefix = request.Kind == PrincipalKind.User ? IdPrefix.User : IdPrefix.ServiceAccount;
        var principal = await storage.WriteAsync(tx =>
        {
            var principal = new Principal(ids.NewId(prefix), request.Kind, name, request.Role, Now());
            tx.InsertPrincipal(principal);
            if (groups.Count > 0)
            {
                tx.SetGroups(principal.Id, groups);
            }

            audit.Record(tx, caller, "principal.create", null, principal.Id, $"{request.Kind} {request.Role}".ToLowerInvariant());
            return principal;
        }, cancellationToken).ConfigureAwait(false);
        policies.Invalidate();
        return principal;
    }

    /// <summary>Replaces a principal's groups (admins only).</summary>
    public async Task SetGroupsAsync(Caller caller, string principalId, IReadOnlyList<string> groups, CancellationToken cancellationToken)
    {
        await RequireAdminAsync(caller, "principal.groups", "change groups", cancellationToken).ConfigureAwait(false);
        var valid = ValidateGroups(groups);
        await storage.WriteAsync(tx =>
        {
            _ = tx.GetPrincipal(principalId) ?? throw new NotFoundException("principal", principalId);
            tx.SetGroups(principalId, valid);
            audit.Record(tx, caller, "principal.groups", null, principalId, string.Join(",", valid));
            return true;
        }, cancellationToken).ConfigureAwait(false);
        policies.Invalidate();
    }

    /// <summary>Every principal for admins; members see themselves.</summary>
    public async Task<IReadOnlyList<Principal>> ListPrincipalsAsync(Caller caller, CancellationToken cancellationToken)
    {
        var all = await storage.ListPrincipalsAsync(cancellationToken).ConfigureAwait(false);
        return caller.IsAdmin ? all : all.Where(p => p.Id == caller.PrincipalId).ToList();
    }

    /// <summary>Creates a key; its secret is in the result and nowhere else, ever.</summary>
    public async Task<CreatedApiKey> CreateApiKeyAsync(Caller caller, CreateApiKeyRequest request, CancellationToken cancellationToken)
    {
        var name = StoreRules.ValidateName(request.Name ?? "api key");
        var owner = request.PrincipalId ?? caller.PrincipalId
            ?? throw new InvalidRequestException("principal_id", "is required: this caller is not a principal that can hold keys");
        if (owner != caller.PrincipalId)
        {
            await RequireAdminAsync(caller, "key.create", "create keys for other principals", cancellationToken).ConfigureAwait(false);
        }

        return await storage.WriteAsync(tx =>
        {
            _ = tx.GetPrincipal(owner) ?? throw new NotFoundException("principal", owner);
            var created = IssueKey(tx, owner, name);
            audit.Record(tx, caller, "key.create", null, created.Key.Id, $"for {owner}");
            return created;
        }, cancellationToken).ConfigureAwait(false);
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
            audit.Record(tx, caller, "key.revoke", null, apiKeyId);
            return revoked;
        }, cancellationToken);

    /// <summary>
    /// The caller a presented secret stands for: an API key's principal (with its role and groups) or an agent
    /// session (with its agent and attached stores). The error does not say why a secret was refused.
    /// </summary>
    public async Task<Caller> AuthenticateAsync(string? secret, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(secret))
        {
            throw new AuthenticationFailedException("an API key or session token is required: send it in the x-api-key header or as Authorization: Bearer");
        }

        if (secret.StartsWith(SessionTokenPrefix, StringComparison.Ordinal))
        {
            var session = await sessionStorage.FindSessionByTokenAsync(ApiKey.HashSecret(secret), cancellationToken).ConfigureAwait(false);
            return session is { EndedAt: null }
                ? new Caller(Actor.Session(session.Id)) { Session = session.Grant }
                : throw new AuthenticationFailedException("invalid session token (unknown or ended session)");
        }

        var found = await storage.FindApiKeyAsync(ApiKey.HashSecret(secret), cancellationToken).ConfigureAwait(false);
        if (found is not { } match || match.Key.IsRevoked)
        {
            throw new AuthenticationFailedException("invalid API key (unknown or revoked)");
        }

        var groups = await storage.GetGroupsAsync(match.Principal.Id, cancellationToken).ConfigureAwait(false);
        return new Caller(match.Principal.Actor, match.Key.Id, match.Principal.Role) { Groups = groups };
    }

    /// <summary>
    /// Makes <paramref name="userId"/> an admin user (if it is not a principal yet) and issues it a new key:
    /// how a fresh data directory gets its first credential. The first bootstrap also installs the rule that
    /// admins administer every store.
    /// </summary>
    public async Task<CreatedApiKey> BootstrapAsync(string userId, string userName, CancellationToken cancellationToken)
    {
        var existingRules = await storage.ListPolicyRulesAsync(cancellationToken).ConfigureAwait(false);
        var created = await storage.WriteAsync(tx =>
        {
            if (tx.GetPrincipal(userId) is null)
            {
                tx.InsertPrincipal(new Principal(userId, PrincipalKind.User, StoreRules.ValidateName(userName), PrincipalRole.Admin, Now()));
            }

            if (!existingRules.Any(r => r.StoreId is null && r.Subject.Value == "role:admin"))
            {
                tx.InsertPolicyRule(PolicyRules.Create(PolicyRules.AdminsEverywhere, ids.NewId("pol"), Now()));
            }

            return IssueKey(tx, userId, InitialKeyName);
        }, cancellationToken).ConfigureAwait(false);
        policies.Invalidate();
        return created;
    }

    private CreatedApiKey IssueKey(IStorageWriter tx, string principalId, string name)
    {
        var secret = ApiKey.NewSecret();
        var key = new ApiKey(ids.NewId(IdPrefix.ApiKey), principalId, name, ApiKey.HintOf(secret), Now(), null);
        tx.InsertApiKey(key, ApiKey.HashSecret(secret));
        return new CreatedApiKey(key, secret);
    }

    private async Task RequireAdminAsync(Caller caller, string action, string what, CancellationToken cancellationToken)
    {
        if (!caller.IsAdmin)
        {
            await audit.DeniedAsync(caller, action, null, caller.Actor.Id, $"only admins may {what}", cancellationToken).ConfigureAwait(false);
            throw new PermissionDeniedException($"only admins may {what}");
        }
    }

    private static IReadOnlyList<string> ValidateGroups(IReadOnlyList<string>? groups)
    {
        var valid = new List<string>();
        foreach (var group in groups ?? [])
        {
            if (group.Length is < 1 or > 64 || !group.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_' or '.'))
            {
                throw new InvalidRequestException("groups", $"\"{group}\" must be 1 to 64 characters of lowercase letters, digits, '-', '_' and '.'");
            }

            valid.Add(group);
        }

        return valid.Distinct(StringComparer.Ordinal).ToList();
    }

    private DateTimeOffset Now() => time.UtcNowMicroseconds();
}
