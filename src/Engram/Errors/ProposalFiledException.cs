using Engram.Review;

namespace Engram.Errors;

/// <summary>
/// The caller may propose but not write here, so the write became a pending proposal. Nothing in the store
/// changed; a reviewer decides. Faces answer it as an outcome (HTTP 202 with the proposal), not an error.
/// </summary>
public sealed class ProposalFiledException(Proposal proposal)
    : EngramException(ErrorType.Proposed, "proposal_filed", $"you may propose but not write {proposal.Path}; proposal {proposal.Id} was filed for review")
{
    /// <summary>The proposal that was filed.</summary>
    public Proposal Proposal { get; } = proposal;
}
