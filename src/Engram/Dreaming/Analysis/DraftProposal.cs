using Engram.Review;

namespace Engram.Dreaming.Analysis;

/// <summary>
/// A concrete edit the synthesizer drafts for the input store, before it is filed as a <see cref="Proposal"/>:
/// create a file, a minimal modify (append to or replace a line of an existing file), merge duplicates
/// (<see cref="ProposalOperation.Merge"/>, the others in <see cref="DreamOrigin.Retires"/>), or delete a stale file.
/// </summary>
/// <param name="Operation">What it changes.</param>
/// <param name="Path">The memory's path (for create, the new path).</param>
/// <param name="MemoryId">The memory changed, or null for create.</param>
/// <param name="BaseSha256">The content hash the edit was drafted against, or null for create.</param>
/// <param name="NewPath">A new path for a move (promotion), or null.</param>
/// <param name="Content">The whole new content, or null for delete.</param>
/// <param name="Rationale">Why, for a reviewer and for the version's reason.</param>
/// <param name="Origin">Kind, signature, statistics, evidence and flags.</param>
public sealed record DraftProposal(
    ProposalOperation Operation,
    string Path,
    string? MemoryId,
    string? BaseSha256,
    string? NewPath,
    string? Content,
    string Rationale,
    DreamOrigin Origin);
