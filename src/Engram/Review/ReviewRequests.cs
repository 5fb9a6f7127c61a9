namespace Engram.Review;

/// <summary>List proposals, newest first, optionally of one status and of one dream.</summary>
/// <param name="Status">Only proposals with this status.</param>
/// <param name="Limit">Page size.</param>
/// <param name="Page">A next-page token.</param>
/// <param name="DreamId">Only proposals this dream filed (<c>drm_...</c>).</param>
public sealed record ProposalListQuery(ProposalStatus? Status = null, int? Limit = null, string? Page = null, string? DreamId = null);

/// <summary>A proposal as a reviewer sees it: its diff against the memory now, and whether its base is stale.</summary>
/// <param name="Proposal">The proposal, with its content.</param>
/// <param name="Diff">Unified diff from the memory now to the proposal (and, for a merge, each retired memory's deletion).</param>
/// <param name="CurrentSha256">The memory's content hash now, when it exists.</param>
/// <param name="BaseIsStale">The memory (or a memory a merge retires) changed since the proposal; accepting as is will conflict.</param>
public sealed record ProposalReview(Proposal Proposal, string Diff, string? CurrentSha256, bool BaseIsStale)
{
    /// <summary>The three-way merge offered when the base is stale and the edits do not overlap; null otherwise.</summary>
    public ProposalMerge? Merge { get; init; }
}

/// <summary>A three-way merge of a proposal with the changes made since it: what <c>accept</c> with merge writes.</summary>
/// <param name="Content">The merged content.</param>
/// <param name="ContentSha256">Its hash.</param>
/// <param name="Diff">Unified diff from the current content to the merged content.</param>
/// <param name="CurrentSha256">The current content hash the merge is based on (pass it as the expected hash when accepting).</param>
public sealed record ProposalMerge(string Content, string ContentSha256, string Diff, string CurrentSha256);

/// <summary>Accept a proposal.</summary>
/// <param name="Note">The reviewer's note.</param>
/// <param name="Merge">Merge with the changes made since the proposal when its base moved (pending or conflicted proposals).</param>
/// <param name="ExpectedContentSha256">With <paramref name="Merge"/>: the current hash the offered merge was based on; if the memory moved again, the proposal conflicts.</param>
/// <param name="EditedContent">
/// The reviewer's edit of the proposed content, applied in its place (creates and content changes only) with the same
/// precondition, or merged like it with <paramref name="Merge"/>; the version's reason and the decision say it was edited at review.
/// </param>
public sealed record AcceptProposalRequest(string? Note = null, bool Merge = false, string? ExpectedContentSha256 = null, string? EditedContent = null);
