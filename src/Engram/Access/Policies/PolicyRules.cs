using Engram.Errors;
using Engram.Identity;

using Engram.Memories;

namespace Engram.Access.Policies;

/// <summary>Making and restoring rules, and the default rules every new store gets.</summary>
internal static class PolicyRules
{
    /// <summary>The reads and listings agents get everywhere in a store by default.</summary>
    public const Capability AgentReads = Capability.Read | Capability.List;

    /// <summary>What agents may do in their own corners by default.</summary>
    public const Capability AgentWrites = Capability.Read | Capability.List | Capability.Create | Capability.Update | Capability.Delete;

    /// <summary>Validates a request into a rule.</summary>
    public static PolicyRule Create(AddPolicyRequest request, string id, DateTimeOffset now)
    {
        var subject = PolicySubject.Parse(request.Subject, out var subjectError) ?? throw new InvalidRequestException("subject", subjectError!);
        var path = PathGlob.Parse(request.Path, out var pathError) ?? throw new InvalidRequestException("path", pathError!);
        if (request.Capabilities is not { Count: > 0 } names)
        {
            throw new InvalidRequestException("capabilities", "name at least one of read, list, create, update, delete, redact, propose, review, admin (or all)");
        }

        var capabilities = Capabilities.Parse(names)
            ?? throw new InvalidRequestException("capabilities", $"unknown capability in [{string.Join(", ", names)}]; use read, list, create, update, delete, redact, propose, review, admin or all");
        var effect = request.Effect switch
        {
            null or "allow" => PolicyEffect.Allow,
            "deny" => PolicyEffect.Deny,
            _ => throw new InvalidRequestException("effect", $"must be allow or deny (got \"{request.Effect}\")"),
        };
        if (request.StoreId is not null && !IdPrefix.Matches(request.StoreId, IdPrefix.MemoryStore))
        {
            throw new InvalidRequestException("store_id", "must be a store id (memstore_...) or omitted for every store");
        }

        var description = UnicodeTextRules.Bounded(request.Description ?? "", "description", 1_024);
        return new PolicyRule(id, request.StoreId, subject, path, capabilities, effect, description, now);
    }

    /// <summary>A rule as stored (validated when it was added).</summary>
    public static PolicyRule Restore(string id, string? storeId, string subject, string path, int capabilities, int effect, string description, DateTimeOffset createdAt) =>
        new(id, storeId, PolicySubject.Parse(subject, out _) ?? new PolicySubject(subject), PathGlob.Parse(path, out _)!, (Capability)capabilities, (PolicyEffect)effect, description, createdAt);

    /// <summary>
    /// The default rules of a new store: people administer it; service accounts read and write; agents read
    /// everything, write in <c>/agents/{agent}/**</c> and <c>/scratch/{session}/**</c>, and propose anywhere.
    /// </summary>
    public static IEnumerable<AddPolicyRequest> DefaultsFor(string storeId) =>
    [
        new(storeId, "kind:user", "/**", ["admin"], "allow", "default: people administer the store"),
        new(storeId, "kind:service_account", "/**", ["read", "list", "create", "update", "delete", "propose"], "allow", "default: workloads read and write"),
        new(storeId, "agent:*", "/**", ["read", "list", "propose"], "allow", "default: agents read everything and may propose changes anywhere"),
        new(storeId, "agent:*", "/agents/{agent}/**", ["create", "update", "delete"], "allow", "default: each agent writes its own notes"),
        new(storeId, "agent:*", "/scratch/{session}/**", ["create", "update", "delete"], "allow", "default: each session writes its own scratchpad"),
    ];

    /// <summary>The rule every installation starts with: admins administer every store.</summary>
    public static AddPolicyRequest AdminsEverywhere => new(null, "role:admin", "/**", ["admin"], "allow", "default: admins administer every store");
}
