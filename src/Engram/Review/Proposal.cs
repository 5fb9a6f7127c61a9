using Engram.Access;

namespace Engram.Review;

/// <summary>
/// One proposed change to one memory, waiting for review: from an agent that may propose but not write,
/// or from a dream. Accepting applies it with <see cref="BaseSha256"/> as the precondition.
/// </summary>
public sealed record Proposal(
    string Id,
    string StoreId,
    string? MemoryId,
    ProposalOperation Operation,
    string Path,
    string? NewPath,
    string? BaseSha256,
    string? ContentSha256,
    string? Content,
    string Rationale,
    Actor Author,
    ProposalStatus Status,
    DateTimeOffset CreatedAt)
{
    /// <summary>The API key the proposal came with, when there was one.</summary>
    public string? ApiKeyId { get; init; }

    /// <summary>When it was accepted, rejected or found conflicted.</summary>
    public DateTimeOffset? DecidedAt { get; init; }

    /// <summary>Who decided.</summary>
    public Actor? DecidedBy { get; init; }

    /// <summary>The reviewer's note, or why it conflicted.</summary>
    public string? DecisionNote { get; init; }

    /// <summary>The version that applied it.</summary>
    public string? AppliedVersionId { get; init; }

    /// <summary>The dream that proposed it, when a dream did.</summary>
    public string? DreamId { get; init; }

    /// <summary>What the dream saw: kind, signature, statistics, evidence, flags; null for proposals not from a dream.</summary>
    public DreamOrigin? Origin { get; init; }
}

/// <summary>What a proposal changes.</summary>
public enum ProposalOperation
{
    /// <summary>A new memory at <see cref="Proposal.Path"/>.</summary>
    Create = 1,
    /// <summary>New content (and perhaps a new path) for an existing memory.</summary>
    Modify = 2,
    /// <summary>Delete the memory.</summary>
    Delete = 3,
    /// <summary>Give the memory the merged content and delete the duplicates in <see cref="DreamOrigin.Retires"/>, in one write.</summary>
    Merge = 4,
}

/// <summary>Where a proposal stands.</summary>
public enum ProposalStatus
{
    /// <summary>Waiting for review.</summary>
    Pending = 1,
    /// <summary>Accepted; being applied.</summary>
    Accepted = 2,
    /// <summary>Rejected; nothing was written.</summary>
    Rejected = 3,
    /// <summary>The memory changed since the proposal was made; nothing was written.</summary>
    Conflicted = 4,
    /// <summary>Accepted and written.</summary>
    Applied = 5,
}
