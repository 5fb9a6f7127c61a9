using Engram.Access;
using Engram.Access.Audit;
using Engram.Access.Policies;
using Engram.Memories;
using Engram.Review;

namespace Engram.Client;

public partial interface IEngramClient
{
    /// <summary>Registers an agent session with its attached stores; the token is returned this once.</summary>
    Task<RegisteredSession> RegisterSessionAsync(RegisterSessionRequest request, CancellationToken cancellationToken = default);

    /// <summary>A session the caller may see.</summary>
    Task<AgentSession> GetSessionAsync(string sessionId, CancellationToken cancellationToken = default);

    /// <summary>Sessions the caller may see, newest first.</summary>
    Task<Page<AgentSession>> ListSessionsAsync(int? limit = null, string? page = null, CancellationToken cancellationToken = default);

    /// <summary>Ends a session; its token stops working.</summary>
    Task<AgentSession> EndSessionAsync(string sessionId, CancellationToken cancellationToken = default);

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

    /// <summary>A store's proposals the caller may read, newest first.</summary>
    Task<Page<Proposal>> ListProposalsAsync(string storeId, ProposalListQuery query, CancellationToken cancellationToken = default);

    /// <summary>A proposal with its diff against the current content.</summary>
    Task<ProposalReview> GetProposalAsync(string storeId, string proposalId, CancellationToken cancellationToken = default);

    /// <summary>Accepts and applies a proposal (applied, or conflicted when the memory moved on).</summary>
    Task<Proposal> AcceptProposalAsync(string storeId, string proposalId, string? note = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Accepts and applies a proposal; with <see cref="AcceptProposalRequest.Merge"/>, a pending or conflicted proposal
    /// whose base moved is merged three ways with the current content (applied, or conflicted when the edits overlap
    /// or the memory moved again).
    /// </summary>
    Task<Proposal> AcceptProposalAsync(string storeId, string proposalId, AcceptProposalRequest request, CancellationToken cancellationToken = default);

    /// <summary>Reverts every change a dream's accepted proposals made, newest first; changes edited since are skipped.</summary>
    Task<DreamRevert> RevertDreamAsync(string dreamId, CancellationToken cancellationToken = default);

    /// <summary>Rejects a proposal.</summary>
    Task<Proposal> RejectProposalAsync(string storeId, string proposalId, string? note = null, CancellationToken cancellationToken = default);

    /// <summary>Audit events, newest first (all for admins, the caller's own otherwise).</summary>
    Task<Page<AuditEvent>> ListAuditEventsAsync(AuditQuery query, CancellationToken cancellationToken = default);
}
