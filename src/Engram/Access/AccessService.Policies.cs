using Engram.Access.Policies;
using Engram.Errors;

namespace Engram.Access;

internal sealed partial class AccessService
{
    /// <summary>
    /// Rules the caller administers: every rule for admins (or one store's), one store's rules for that
    /// store's admins.
    /// </summary>
    public async Task<IReadOnlyList<PolicyRule>> ListPoliciesAsync(Caller caller, string? storeId, CancellationToken cancellationToken)
    {
        var all = await storage.ListPolicyRulesAsync(cancellationToken).ConfigureAwait(false);
        if (caller.IsAdmin)
        {
            return storeId is null ? all : all.Where(r => r.StoreId is null || r.StoreId == storeId).ToList();
        }

        var store = storeId ?? throw new PermissionDeniedException("only admins list every store's rules; name a store you administer");
        await RequireStoreAdminAsync(caller, store, "policy.list", cancellationToken).ConfigureAwait(false);
        return all.Where(r => r.StoreId == store).ToList();
    }

    /// <summary>Adds a rule: to a store by that store's admins, to every store by admins.</summary>
    public async Task<PolicyRule> AddPolicyAsync(Caller caller, AddPolicyRequest request, CancellationToken cancellationToken)
    {
        var rule = PolicyRules.Create(request, ids.NewId("pol"), Now());
        if (rule.StoreId is null)
        {
            await RequireAdminAsync(caller, "policy.add", "add rules for every store", cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await RequireStoreAdminAsync(caller, rule.StoreId, "policy.add", cancellationToken).ConfigureAwait(false);
        }

        await storage.WriteAsync(tx =>
        {
            tx.InsertPolicyRule(rule);
            audit.Record(tx, caller, "policy.add", rule.StoreId, rule.Id, Describe(rule));
            return true;
        }, cancellationToken).ConfigureAwait(false);
        policies.Invalidate();
        return rule;
    }

    /// <summary>
    /// Removes a rule (same permissions as adding it), except that a deny which applies to the caller itself (by
    /// principal, group, role, kind or <c>*</c>) is removed only by an admin: being restricted by a rule must never be
    /// enough to lift it, and every user administers the stores it can see by default.
    /// </summary>
    public async Task<PolicyRule> RemovePolicyAsync(Caller caller, string ruleId, CancellationToken cancellationToken)
    {
        var rule = (await storage.ListPolicyRulesAsync(cancellationToken).ConfigureAwait(false)).FirstOrDefault(r => r.Id == ruleId)
            ?? throw new NotFoundException("policy", ruleId);
        if (rule.StoreId is null)
        {
            await RequireAdminAsync(caller, "policy.remove", "remove rules for every store", cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await RequireStoreAdminAsync(caller, rule.StoreId, "policy.remove", cancellationToken).ConfigureAwait(false);
            if (!caller.IsAdmin && rule.Effect == PolicyEffect.Deny && PolicySubject.KeysOf(caller).Contains(rule.Subject.Value, StringComparer.Ordinal))
            {
                await audit.DeniedAsync(caller, "policy.remove", rule.StoreId, ruleId, "the deny applies to the caller", cancellationToken).ConfigureAwait(false);
                throw new PermissionDeniedException($"rule {ruleId} denies {rule.Subject} {string.Join(",", Capabilities.Format(rule.Capabilities))} on {rule.Path}, which includes you: only an admin removes a rule that restricts the one removing it");
            }
        }

        await storage.WriteAsync(tx =>
        {
            tx.DeletePolicyRule(ruleId);
            audit.Record(tx, caller, "policy.remove", rule.StoreId, ruleId, Describe(rule));
            return true;
        }, cancellationToken).ConfigureAwait(false);
        policies.Invalidate();
        return rule;
    }

    /// <summary>
    /// Answers "may this principal or session do this on this path in this store", naming the rule that
    /// decided (or that no rule allows it).
    /// </summary>
    public async Task<PolicyTestResult> TestPolicyAsync(Caller caller, PolicyTestRequest request, CancellationToken cancellationToken)
    {
        var wanted = Capabilities.Parse([request.Capability ?? ""]) is { } parsed and not Capability.None && parsed != Capability.All
            ? parsed
            : throw new InvalidRequestException("capability", "must be one of read, list, create, update, delete, redact, propose, review, admin");
        var path = request.Path == "/" ? "/" : Memories.MemoryPath.Parse(request.Path).Value;
        var storeId = request.StoreId ?? throw new InvalidRequestException("store_id", "is required");
        await RequireStoreAdminAsync(caller, storeId, "policy.test", cancellationToken).ConfigureAwait(false);
        var subject = await SubjectCallerAsync(request.SubjectId, cancellationToken).ConfigureAwait(false);
        var rules = await policies.CurrentAsync(cancellationToken).ConfigureAwait(false);
        var decision = rules.Explain(subject, storeId, path);
        var allowed = decision.Permits(wanted);
        var deciding = allowed
            ? decision.Allows.FirstOrDefault(r => (r.Capabilities & (wanted | Capability.Admin)) != 0)
            : decision.Denies.FirstOrDefault(r => (r.Capabilities & wanted) != 0);
        var reason = (allowed, deciding, decision.Limit) switch
        {
            (false, null, { } limit) => limit,
            (false, null, _) => "no rule allows it (deny by default)",
            (true, { } rule, _) => $"allowed by {rule.Id}: {Describe(rule)}",
            (false, { } rule, _) => $"denied by {rule.Id}: {Describe(rule)}",
            _ => "allowed",
        };
        return new PolicyTestResult(allowed, Capabilities.Format(decision.Allowed), deciding, reason);
    }

    private Task<Caller> SubjectCallerAsync(string? subjectId, CancellationToken cancellationToken) =>
        CallerOfAsync(subjectId ?? throw new NotFoundException("principal", "(none given)"), cancellationToken);

    /// <summary>
    /// The caller a principal or session acts as when no request carries it (a dream acting for its creator):
    /// a session with its grant, a principal with its role and groups.
    /// </summary>
    internal async Task<Caller> CallerOfAsync(string subjectId, CancellationToken cancellationToken)
    {
        if (Identity.IdPrefix.Matches(subjectId, Identity.IdPrefix.Session))
        {
            var session = await sessionStorage.GetSessionAsync(subjectId, cancellationToken).ConfigureAwait(false) ?? throw new NotFoundException("session", subjectId);
            return new Caller(Actor.Session(session.Id)) { Session = session.Grant };
        }

        var principal = (await storage.ListPrincipalsAsync(cancellationToken).ConfigureAwait(false)).FirstOrDefault(p => p.Id == subjectId)
            ?? throw new NotFoundException("principal", subjectId);
        return new Caller(principal.Actor, null, principal.Role) { Groups = await storage.GetGroupsAsync(principal.Id, cancellationToken).ConfigureAwait(false) };
    }

    private async Task RequireStoreAdminAsync(Caller caller, string storeId, string action, CancellationToken cancellationToken)
    {
        var rules = await policies.CurrentAsync(cancellationToken).ConfigureAwait(false);
        if (await memoryStorage.GetStoreAsync(storeId, cancellationToken).ConfigureAwait(false) is null || !rules.GrantsAnything(caller, storeId))
        {
            throw new NotFoundException("memory_store", storeId);
        }

        if (!caller.IsAdmin && (rules.Evaluate(caller, storeId, "/") & Capability.Admin) == 0)
        {
            await audit.DeniedAsync(caller, action, storeId, storeId, "needs admin on the store", cancellationToken).ConfigureAwait(false);
            throw new PermissionDeniedException($"managing the rules of store {storeId} needs admin on it");
        }
    }

    private static string Describe(PolicyRule rule) =>
        $"{rule.Effect.ToString().ToLowerInvariant()} {rule.Subject} {string.Join(",", Capabilities.Format(rule.Capabilities))} on {rule.Path} in {rule.StoreId ?? "every store"}";
}

/// <summary>Ask whether <see cref="SubjectId"/> (a principal or session id) may do <see cref="Capability"/> on <see cref="Path"/> in <see cref="StoreId"/>.</summary>
public sealed record PolicyTestRequest(string? SubjectId, string? StoreId, string? Path, string? Capability);

/// <summary>The answer: allowed or not, everything the subject may do there, the deciding rule and why.</summary>
public sealed record PolicyTestResult(bool Allowed, IReadOnlyList<string> Capabilities, PolicyRule? DecidingRule, string Reason);
