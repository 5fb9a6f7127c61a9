using Engram.Access;
using Engram.Access.Policies;

namespace Engram.Storage;

/// <summary>
/// The access port: principals, their API keys (stored by the hash of the secret, never the secret), their
/// groups, and the policy rules with the epoch that tells caches when to reload. "Not found" is null.
/// A revoked key is still found (the library refuses it), so a revocation is never mistaken for an unknown key.
/// </summary>
public interface IAccessStorage : ITransactionalStorage
{
    /// <summary>The unrevoked or revoked key whose secret hashes to <paramref name="secretSha256"/>, with its principal; null if none.</summary>
    Task<(ApiKey Key, Principal Principal)?> FindApiKeyAsync(string secretSha256, CancellationToken cancellationToken);

    /// <summary>Keys, newest first; only those of <paramref name="principalId"/> when given.</summary>
    Task<IReadOnlyList<ApiKey>> ListApiKeysAsync(string? principalId, CancellationToken cancellationToken);

    /// <summary>Principals, newest first.</summary>
    Task<IReadOnlyList<Principal>> ListPrincipalsAsync(CancellationToken cancellationToken);

    /// <summary>The groups a principal belongs to (empty when none, or the principal is unknown).</summary>
    Task<IReadOnlySet<string>> GetGroupsAsync(string principalId, CancellationToken cancellationToken);

    /// <summary>Every policy rule.</summary>
    Task<IReadOnlyList<PolicyRule>> ListPolicyRulesAsync(CancellationToken cancellationToken);

    /// <summary>
    /// A number that changes whenever a rule is added or removed, or a dream's copy of a store is made (so caches know
    /// when to reload).
    /// </summary>
    Task<long> GetPolicyEpochAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Each store a <c>create_new</c> dream made, with the store it was made from, both still present: copy id to source
    /// id. Read from the dreams themselves, never from store metadata a store's admin could edit. A copy's readers
    /// inherit the source's read rules through it.
    /// </summary>
    Task<IReadOnlyDictionary<string, string>> ListStoreSourcesAsync(CancellationToken cancellationToken);
}

/// <summary>The access port's operations inside one write transaction; "not found" is null.</summary>
public interface IAccessWriter
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

    /// <summary>Replaces a principal's groups.</summary>
    void SetGroups(string principalId, IReadOnlyCollection<string> groups);

    /// <summary>Adds a rule and moves the policy epoch on.</summary>
    void InsertPolicyRule(PolicyRule rule);

    /// <summary>The rule, or null.</summary>
    PolicyRule? GetPolicyRule(string ruleId);

    /// <summary>Removes a rule and moves the policy epoch on.</summary>
    void DeletePolicyRule(string ruleId);
}
