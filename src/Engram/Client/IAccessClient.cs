using Engram.Access;
using Engram.Access.Audit;
using Engram.Access.Policies;
using Engram.Memories;

namespace Engram.Client;

/// <summary>Principals, API keys, groups, path policies and the audit log: who may do what, and who did.</summary>
public interface IAccessClient
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

    /// <summary>Replaces a principal's groups (admins).</summary>
    Task SetGroupsAsync(string principalId, IReadOnlyList<string> groups, CancellationToken cancellationToken = default);

    /// <summary>Rules the caller administers (of one store, or every rule for admins).</summary>
    Task<IReadOnlyList<PolicyRule>> ListPoliciesAsync(string? storeId = null, CancellationToken cancellationToken = default);

    /// <summary>Adds a rule.</summary>
    Task<PolicyRule> AddPolicyAsync(AddPolicyRequest request, CancellationToken cancellationToken = default);

    /// <summary>Removes a rule.</summary>
    Task<PolicyRule> RemovePolicyAsync(string ruleId, CancellationToken cancellationToken = default);

    /// <summary>May a principal or session do something on a path? With the rule that decided.</summary>
    Task<PolicyTestResult> TestPolicyAsync(PolicyTestRequest request, CancellationToken cancellationToken = default);

    /// <summary>Audit events, newest first (all for admins, the caller's own otherwise).</summary>
    Task<Page<AuditEvent>> ListAuditEventsAsync(AuditQuery query, CancellationToken cancellationToken = default);
}
