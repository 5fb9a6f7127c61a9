using Engram.Access;
using Engram.Access.Audit;
using Engram.Access.Policies;
using Engram.Memories;
using Engram.Review;
using Engram.Wire;

namespace Engram.Remote;

public sealed partial class RemoteEngramClient
{
    public async Task<RegisteredSession> RegisterSessionAsync(RegisterSessionRequest request, CancellationToken cancellationToken = default)
    {
        var body = new
        {
            agent = request.Agent,
            title = request.Title,
            metadata = request.Metadata,
            resources = request.Stores?.Select(s => new { type = "memory_store", memory_store_id = s.StoreId, access = GovernanceMapping.Access(s.Access), instructions = s.Instructions }),
        };
        var json = await ExtensionAsync<SessionJson>(HttpMethod.Post, "v1/engram/sessions", body, cancellationToken).ConfigureAwait(false);
        return new RegisteredSession(json.ToModel(), json.Token ?? "");
    }

    public async Task<AgentSession> GetSessionAsync(string sessionId, CancellationToken cancellationToken = default) =>
        (await ExtensionAsync<SessionJson>(HttpMethod.Get, $"v1/engram/sessions/{Escape(sessionId)}", null, cancellationToken).ConfigureAwait(false)).ToModel();

    public async Task<Page<AgentSession>> ListSessionsAsync(int? limit = null, string? page = null, CancellationToken cancellationToken = default)
    {
        var json = await ExtensionAsync<PageJson<SessionJson>>(HttpMethod.Get, $"v1/engram/sessions{Query(("limit", limit?.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("page", page))}", null, cancellationToken).ConfigureAwait(false);
        return new Page<AgentSession>(json.Data.Select(s => s.ToModel()).ToList(), json.NextPage);
    }

    public async Task<AgentSession> EndSessionAsync(string sessionId, CancellationToken cancellationToken = default) =>
        (await ExtensionAsync<SessionJson>(HttpMethod.Post, $"v1/engram/sessions/{Escape(sessionId)}/end", null, cancellationToken).ConfigureAwait(false)).ToModel();

    public Task SetGroupsAsync(string principalId, IReadOnlyList<string> groups, CancellationToken cancellationToken = default) =>
        ExtensionAsync<object>(HttpMethod.Post, $"v1/engram/principals/{Escape(principalId)}/groups", new { groups }, cancellationToken);

    public async Task<IReadOnlyList<PolicyRule>> ListPoliciesAsync(string? storeId = null, CancellationToken cancellationToken = default) =>
        (await ExtensionAsync<PageJson<PolicyRuleJson>>(HttpMethod.Get, $"v1/engram/policies{Query(("store_id", storeId))}", null, cancellationToken).ConfigureAwait(false))
            .Data.Select(r => r.ToModel()).ToList();

    public async Task<PolicyRule> AddPolicyAsync(AddPolicyRequest request, CancellationToken cancellationToken = default)
    {
        var body = new
        {
            memory_store_id = request.StoreId,
            subject = request.Subject,
            path = request.Path,
            capabilities = request.Capabilities,
            effect = request.Effect,
            description = request.Description,
        };
        return (await ExtensionAsync<PolicyRuleJson>(HttpMethod.Post, "v1/engram/policies", body, cancellationToken).ConfigureAwait(false)).ToModel();
    }

    public async Task<PolicyRule> RemovePolicyAsync(string ruleId, CancellationToken cancellationToken = default) =>
        (await ExtensionAsync<PolicyRuleJson>(HttpMethod.Delete, $"v1/engram/policies/{Escape(ruleId)}", null, cancellationToken).ConfigureAwait(false)).ToModel();

    public async Task<PolicyTestResult> TestPolicyAsync(PolicyTestRequest request, CancellationToken cancellationToken = default)
    {
        var body = new { subject_id = request.SubjectId, memory_store_id = request.StoreId, path = request.Path, capability = request.Capability };
        return (await ExtensionAsync<PolicyTestJson>(HttpMethod.Post, "v1/engram/policies/test", body, cancellationToken).ConfigureAwait(false)).ToModel();
    }

    public async Task<Page<Proposal>> ListProposalsAsync(string storeId, ProposalListQuery query, CancellationToken cancellationToken = default)
    {
        var status = query.Status?.ToString().ToLowerInvariant();
        var json = await ExtensionAsync<PageJson<ProposalJson>>(
            HttpMethod.Get,
            $"v1/memory_stores/{Escape(storeId)}/proposals{Query(("status", status), ("dream_id", query.DreamId), ("limit", query.Limit?.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("page", query.Page))}",
            null, cancellationToken).ConfigureAwait(false);
        return new Page<Proposal>(json.Data.Select(p => p.ToModel()).ToList(), json.NextPage);
    }

    public async Task<ProposalReview> GetProposalAsync(string storeId, string proposalId, CancellationToken cancellationToken = default) =>
        (await ExtensionAsync<ProposalJson>(HttpMethod.Get, $"v1/memory_stores/{Escape(storeId)}/proposals/{Escape(proposalId)}", null, cancellationToken).ConfigureAwait(false)).ToReview();

    public async Task<Proposal> AcceptProposalAsync(string storeId, string proposalId, string? note = null, CancellationToken cancellationToken = default) =>
        (await ExtensionAsync<ProposalJson>(HttpMethod.Post, $"v1/memory_stores/{Escape(storeId)}/proposals/{Escape(proposalId)}/accept", new { note }, cancellationToken).ConfigureAwait(false)).ToModel();

    public async Task<Proposal> AcceptProposalAsync(string storeId, string proposalId, AcceptProposalRequest request, CancellationToken cancellationToken = default)
    {
        var body = new { note = request.Note, merge = request.Merge, expected_content_sha256 = request.ExpectedContentSha256, content = request.EditedContent };
        return (await ExtensionAsync<ProposalJson>(HttpMethod.Post, $"v1/memory_stores/{Escape(storeId)}/proposals/{Escape(proposalId)}/accept", body, cancellationToken).ConfigureAwait(false)).ToModel();
    }

    public async Task<DreamRevert> RevertDreamAsync(string dreamId, CancellationToken cancellationToken = default) =>
        (await ExtensionAsync<DreamRevertJson>(HttpMethod.Post, $"v1/engram/dreams/{Escape(dreamId)}/revert", null, cancellationToken).ConfigureAwait(false)).ToModel();

    public async Task<Proposal> RejectProposalAsync(string storeId, string proposalId, string? note = null, CancellationToken cancellationToken = default) =>
        (await ExtensionAsync<ProposalJson>(HttpMethod.Post, $"v1/memory_stores/{Escape(storeId)}/proposals/{Escape(proposalId)}/reject", new { note }, cancellationToken).ConfigureAwait(false)).ToModel();

    public async Task<Page<AuditEvent>> ListAuditEventsAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        var path = "v1/engram/audit" + Query(
            ("memory_store_id", query.StoreId), ("actor_id", query.ActorId), ("action", query.Action),
            ("outcome", query.Outcome?.ToString().ToLowerInvariant()), ("since", query.Since is { } since ? WireJson.Time(since) : null),
            ("limit", query.Limit?.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("page", query.Page));
        var json = await ExtensionAsync<PageJson<AuditEventJson>>(HttpMethod.Get, path, null, cancellationToken).ConfigureAwait(false);
        return new Page<AuditEvent>(json.Data.Select(e => e.ToModel()).ToList(), json.NextPage);
    }

    private static string Query(params (string Name, string? Value)[] parameters)
    {
        var given = parameters.Where(p => p.Value is not null).Select(p => $"{p.Name}={Escape(p.Value!)}").ToList();
        return given.Count == 0 ? "" : "?" + string.Join('&', given);
    }
}
