using Engram.Access;
using Engram.Access.Audit;
using Engram.Access.Policies;
using Engram.Review;

namespace Engram.Storage;

public partial interface IMemoryStorage
{
    /// <summary>Every policy rule.</summary>
    Task<IReadOnlyList<PolicyRule>> ListPolicyRulesAsync(CancellationToken cancellationToken);

    /// <summary>
    /// A number that changes whenever a rule is added or removed, or a dream's copy of a store is made (so caches know
    /// when to reload).
    /// </summary>
    Task<long> GetPolicyEpochAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Each store a <c>create_new</c> dream made, with the store it was made from, both still present: copy id to source
    /// id. Read from the dreams themselves, never from store metadata a store's admin could edit.
    /// </summary>
    Task<IReadOnlyDictionary<string, string>> ListStoreSourcesAsync(CancellationToken cancellationToken);

    /// <summary>The groups a principal belongs to.</summary>
    Task<IReadOnlySet<string>> GetGroupsAsync(string principalId, CancellationToken cancellationToken);

    /// <summary>The session whose token hashes to <paramref name="tokenSha256"/>, or null.</summary>
    Task<AgentSession?> FindSessionByTokenAsync(string tokenSha256, CancellationToken cancellationToken);

    /// <summary>The session, or null.</summary>
    Task<AgentSession?> GetSessionAsync(string sessionId, CancellationToken cancellationToken);

    /// <summary>Sessions, newest first.</summary>
    Task<IReadOnlyList<AgentSession>> ListSessionsAsync(TimeIdCursor? after, int limit, CancellationToken cancellationToken);

    /// <summary>The proposal, or null; its content is loaded only when <paramref name="withContent"/>.</summary>
    Task<Proposal?> GetProposalAsync(string storeId, string proposalId, bool withContent, CancellationToken cancellationToken);

    /// <summary>Proposals of a store, newest first, optionally of one status and of one dream.</summary>
    Task<IReadOnlyList<Proposal>> ListProposalsAsync(string storeId, ProposalStatus? status, string? dreamId, TimeIdCursor? after, int limit, CancellationToken cancellationToken);

    /// <summary>Every proposal a dream filed, in any store, newest first (without content).</summary>
    Task<IReadOnlyList<Proposal>> ListDreamProposalsAsync(string dreamId, CancellationToken cancellationToken);

    /// <summary>Every version that applied a proposal of a dream, in any store, newest first (created_at, then id; without content).</summary>
    Task<IReadOnlyList<Engram.Memories.MemoryVersion>> ListDreamVersionsAsync(string dreamId, CancellationToken cancellationToken);

    /// <summary>The stored content with this hash, or null when none is stored (never written, or erased by redaction).</summary>
    Task<string?> GetContentAsync(string sha256, CancellationToken cancellationToken);

    /// <summary>Audit events, newest first.</summary>
    Task<IReadOnlyList<AuditEvent>> ListAuditEventsAsync(AuditQuery filter, TimeIdCursor? after, int limit, CancellationToken cancellationToken);
}

public partial interface IStorageWriter
{
    /// <summary>Adds a rule and moves the policy epoch on.</summary>
    void InsertPolicyRule(PolicyRule rule);

    /// <summary>The rule, or null.</summary>
    PolicyRule? GetPolicyRule(string ruleId);

    /// <summary>Removes a rule and moves the policy epoch on.</summary>
    void DeletePolicyRule(string ruleId);

    /// <summary>Replaces a principal's groups.</summary>
    void SetGroups(string principalId, IReadOnlyCollection<string> groups);

    /// <summary>Adds a session, stored by the hash of its token.</summary>
    void InsertSession(AgentSession session, string tokenSha256);

    /// <summary>The session, or null.</summary>
    AgentSession? GetSession(string sessionId);

    /// <summary>Marks a session ended: its token stops working.</summary>
    void EndSession(string sessionId, DateTimeOffset endedAt);

    /// <summary>Adds a proposal (its content, if any, must already be saved).</summary>
    void InsertProposal(Proposal proposal);

    /// <summary>The proposal, or null (without content).</summary>
    Proposal? GetProposal(string storeId, string proposalId);

    /// <summary>Records a decision on a proposal: status, decider, time, note and applied version.</summary>
    void UpdateProposal(Proposal proposal);

    /// <summary>Appends an audit event.</summary>
    void InsertAuditEvent(AuditEvent auditEvent);
}
