using Engram.Memories;
using Engram.Review;

namespace Engram.Client;

/// <summary>Review: proposals to accept or reject, and the revert of what a dream's accepted proposals changed.</summary>
public interface IReviewClient
{
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
}
