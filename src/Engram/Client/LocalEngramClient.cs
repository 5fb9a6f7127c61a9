using Engram.Access;
using Engram.Access.Audit;
using Engram.Access.Policies;
using Engram.Review;
using Engram.Search;
using Engram.Memories;
using Engram.Sessions;

namespace Engram.Client;

/// <summary>The in-process implementation of <see cref="IEngramClient"/>: the library services, acting as one caller.</summary>
public sealed partial class LocalEngramClient(EngramEngine engine, Caller caller, bool ownsEngine = false) : IEngramClient
{
    private MemoryStoreService Memories => engine.Memories;

    private EngramEngine Engine => engine;

    /// <summary>The caller every request acts as.</summary>
    public Caller Caller => caller;

    public Task<MemoryStore> CreateStoreAsync(CreateStoreRequest request, CancellationToken cancellationToken = default) =>
        Memories.CreateStoreAsync(caller, request, cancellationToken);

    public Task<MemoryStore> GetStoreAsync(string storeId, CancellationToken cancellationToken = default) =>
        Memories.GetStoreAsync(caller, storeId, cancellationToken);

    public Task<Page<MemoryStore>> ListStoresAsync(StoreListQuery query, CancellationToken cancellationToken = default) =>
        Memories.ListStoresAsync(caller, query, cancellationToken);

    public Task<MemoryStore> UpdateStoreAsync(string storeId, UpdateStoreRequest request, CancellationToken cancellationToken = default) =>
        Memories.UpdateStoreAsync(caller, storeId, request, cancellationToken);

    public Task<MemoryStore> ArchiveStoreAsync(string storeId, CancellationToken cancellationToken = default) =>
        Memories.ArchiveStoreAsync(caller, storeId, cancellationToken);

    public Task DeleteStoreAsync(string storeId, CancellationToken cancellationToken = default) =>
        Memories.DeleteStoreAsync(caller, storeId, cancellationToken);

    public Task<WriteResult<Memory>> CreateMemoryAsync(string storeId, CreateMemoryRequest request, CancellationToken cancellationToken = default) =>
        Memories.CreateMemoryAsync(caller, storeId, request, cancellationToken);

    public Task<Memory> GetMemoryAsync(string storeId, string memoryId, MemoryView view = MemoryView.Full, CancellationToken cancellationToken = default) =>
        Memories.GetMemoryAsync(caller, storeId, memoryId, view, cancellationToken);

    public Task<Memory> GetMemoryByPathAsync(string storeId, string path, MemoryView view = MemoryView.Full, CancellationToken cancellationToken = default) =>
        Memories.GetMemoryByPathAsync(caller, storeId, path, view, cancellationToken);

    public Task<Page<MemoryListItem>> ListMemoriesAsync(string storeId, MemoryListQuery query, CancellationToken cancellationToken = default) =>
        Memories.ListMemoriesAsync(caller, storeId, query, cancellationToken);

    public Task<WriteResult<Memory>> UpdateMemoryAsync(string storeId, string memoryId, UpdateMemoryRequest request, CancellationToken cancellationToken = default) =>
        Memories.UpdateMemoryAsync(caller, storeId, memoryId, request, cancellationToken);

    public Task<WriteResult> DeleteMemoryAsync(string storeId, string memoryId, DeleteMemoryRequest request, CancellationToken cancellationToken = default) =>
        Memories.DeleteMemoryAsync(caller, storeId, memoryId, request, cancellationToken);

    public Task<WriteResult<Memory>> RevertMemoryAsync(string storeId, string memoryId, RevertMemoryRequest request, CancellationToken cancellationToken = default) =>
        Memories.RevertMemoryAsync(caller, storeId, memoryId, request, cancellationToken);

    public Task<Page<MemoryVersion>> ListVersionsAsync(string storeId, VersionListQuery query, CancellationToken cancellationToken = default) =>
        Memories.ListVersionsAsync(caller, storeId, query, cancellationToken);

    public Task<MemoryVersion> GetVersionAsync(string storeId, string versionId, MemoryView view = MemoryView.Full, CancellationToken cancellationToken = default) =>
        Memories.GetVersionAsync(caller, storeId, versionId, view, cancellationToken);

    public Task<MemoryVersion> RedactVersionAsync(string storeId, string versionId, CancellationToken cancellationToken = default) =>
        Memories.RedactVersionAsync(caller, storeId, versionId, cancellationToken);

    public Task<Principal> CreatePrincipalAsync(CreatePrincipalRequest request, CancellationToken cancellationToken = default) =>
        engine.Access.CreatePrincipalAsync(caller, request, cancellationToken);

    public Task<IReadOnlyList<Principal>> ListPrincipalsAsync(CancellationToken cancellationToken = default) =>
        engine.Access.ListPrincipalsAsync(caller, cancellationToken);

    public Task<CreatedApiKey> CreateApiKeyAsync(CreateApiKeyRequest request, CancellationToken cancellationToken = default) =>
        engine.Access.CreateApiKeyAsync(caller, request, cancellationToken);

    public Task<IReadOnlyList<ApiKey>> ListApiKeysAsync(CancellationToken cancellationToken = default) =>
        engine.Access.ListApiKeysAsync(caller, cancellationToken);

    public Task<ApiKey> RevokeApiKeyAsync(string apiKeyId, CancellationToken cancellationToken = default) =>
        engine.Access.RevokeApiKeyAsync(caller, apiKeyId, cancellationToken);

    public Task<RegisteredSession> RegisterSessionAsync(RegisterSessionRequest request, CancellationToken cancellationToken = default) =>
        engine.Access.RegisterSessionAsync(caller, request, cancellationToken);

    public Task<AgentSession> GetSessionAsync(string sessionId, CancellationToken cancellationToken = default) =>
        engine.Access.GetSessionAsync(caller, sessionId, cancellationToken);

    public Task<Page<AgentSession>> ListSessionsAsync(int? limit = null, string? page = null, CancellationToken cancellationToken = default) =>
        engine.Access.ListSessionsAsync(caller, limit, page, cancellationToken);

    public Task<AgentSession> EndSessionAsync(string sessionId, CancellationToken cancellationToken = default) =>
        engine.Access.EndSessionAsync(caller, sessionId, cancellationToken);

    public Task SetGroupsAsync(string principalId, IReadOnlyList<string> groups, CancellationToken cancellationToken = default) =>
        engine.Access.SetGroupsAsync(caller, principalId, groups, cancellationToken);

    public Task<IReadOnlyList<PolicyRule>> ListPoliciesAsync(string? storeId = null, CancellationToken cancellationToken = default) =>
        engine.Access.ListPoliciesAsync(caller, storeId, cancellationToken);

    public Task<PolicyRule> AddPolicyAsync(AddPolicyRequest request, CancellationToken cancellationToken = default) =>
        engine.Access.AddPolicyAsync(caller, request, cancellationToken);

    public Task<PolicyRule> RemovePolicyAsync(string ruleId, CancellationToken cancellationToken = default) =>
        engine.Access.RemovePolicyAsync(caller, ruleId, cancellationToken);

    public Task<PolicyTestResult> TestPolicyAsync(PolicyTestRequest request, CancellationToken cancellationToken = default) =>
        engine.Access.TestPolicyAsync(caller, request, cancellationToken);

    public Task<Page<Proposal>> ListProposalsAsync(string storeId, ProposalListQuery query, CancellationToken cancellationToken = default) =>
        engine.Review.ListAsync(caller, storeId, query, cancellationToken);

    public Task<ProposalReview> GetProposalAsync(string storeId, string proposalId, CancellationToken cancellationToken = default) =>
        engine.Review.GetAsync(caller, storeId, proposalId, cancellationToken);

    public Task<Proposal> AcceptProposalAsync(string storeId, string proposalId, string? note = null, CancellationToken cancellationToken = default) =>
        engine.Review.AcceptAsync(caller, storeId, proposalId, note, cancellationToken);

    public Task<Proposal> AcceptProposalAsync(string storeId, string proposalId, AcceptProposalRequest request, CancellationToken cancellationToken = default) =>
        engine.Review.AcceptAsync(caller, storeId, proposalId, request, cancellationToken);

    public Task<DreamRevert> RevertDreamAsync(string dreamId, CancellationToken cancellationToken = default) =>
        engine.Review.RevertDreamAsync(caller, dreamId, cancellationToken);

    public Task<Proposal> RejectProposalAsync(string storeId, string proposalId, string? note = null, CancellationToken cancellationToken = default) =>
        engine.Review.RejectAsync(caller, storeId, proposalId, note, cancellationToken);

    public Task<Page<AuditEvent>> ListAuditEventsAsync(AuditQuery query, CancellationToken cancellationToken = default) =>
        engine.Audit.ListAsync(caller, query, cancellationToken);

    public Task<SearchPage> SearchAsync(string storeId, SearchRequest request, CancellationToken cancellationToken = default) =>
        engine.Search.SearchAsync(caller, storeId, request, cancellationToken);

    public Task<SearchStatus> SearchStatusAsync(string storeId, CancellationToken cancellationToken = default) =>
        engine.Search.StatusAsync(caller, storeId, cancellationToken);

    /// <summary>Embeds the store's queued memories now, reporting progress (no worker embeds them in a local process); see <see cref="SearchService.EmbedPendingAsync"/>.</summary>
    public Task<SearchStatus> EmbedPendingAsync(string storeId, IProgress<EmbeddingProgress>? progress = null, CancellationToken cancellationToken = default) =>
        engine.Search.EmbedPendingAsync(caller, storeId, progress, cancellationToken);

    public Task<CatalogPage> CatalogAsync(string storeId, CatalogRequest request, CancellationToken cancellationToken = default) =>
        engine.Search.CatalogAsync(caller, storeId, request, cancellationToken);

    public Task<MemorySection> BuildContextAsync(ContextRequest request, CancellationToken cancellationToken = default) =>
        engine.Context.BuildAsync(caller, request, cancellationToken);

    public Task<OpenedTranscript> OpenTranscriptAsync(OpenTranscriptRequest request, CancellationToken cancellationToken = default) =>
        engine.Sessions.OpenImportAsync(caller, request, cancellationToken);

    public Task<AppendEventsResult> AppendEventsAsync(string sessionId, IReadOnlyList<TranscriptEvent> events, CancellationToken cancellationToken = default) =>
        engine.Sessions.AppendEventsAsync(caller, sessionId, events, cancellationToken);

    public Task<SessionTranscript> CompleteTranscriptAsync(string sessionId, CompleteTranscriptRequest request, CancellationToken cancellationToken = default) =>
        engine.Sessions.CompleteImportAsync(caller, sessionId, request, cancellationToken);

    public Task<SessionTranscript?> GetTranscriptAsync(string sessionId, CancellationToken cancellationToken = default) =>
        engine.Sessions.GetTranscriptAsync(caller, sessionId, cancellationToken);

    public Task<Page<StoredEvent>> ListEventsAsync(string sessionId, int? limit = null, string? page = null, bool withRaw = false, CancellationToken cancellationToken = default) =>
        engine.Sessions.ListEventsAsync(caller, sessionId, limit, page, withRaw, cancellationToken);

    public async Task<IReadOnlyList<StoredEvent>> EventsAroundVersionAsync(string storeId, string versionId, int before = 10, int after = 5, CancellationToken cancellationToken = default)
    {
        var version = await Memories.GetVersionAsync(caller, storeId, versionId, MemoryView.Basic, cancellationToken).ConfigureAwait(false);
        return await engine.Sessions.EventsAroundVersionAsync(caller, version, before, after, cancellationToken).ConfigureAwait(false);
    }

    public Task DeleteSessionAsync(string sessionId, CancellationToken cancellationToken = default) =>
        engine.Sessions.DeleteAsync(caller, sessionId, cancellationToken);

    /// <summary>Closes the engine when this client owns it.</summary>
    public ValueTask DisposeAsync() => ownsEngine ? engine.DisposeAsync() : ValueTask.CompletedTask;
}
