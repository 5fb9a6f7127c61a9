using Engram.Errors;

namespace Engram.Memories;

/// <summary>What one item of a batch write asks for.</summary>
public enum BatchOperation
{
    /// <summary>Content at the path, whether or not a memory lives there yet (what <c>engram write</c> does).</summary>
    Write,

    /// <summary>A new memory; the path must be free, as for a single create.</summary>
    Create,

    /// <summary>New content for the memory at the path, which must exist.</summary>
    Update,

    /// <summary>Delete the memory at the path.</summary>
    Delete,
}

/// <summary>
/// Extension: one item of a batch write, addressed by path. <see cref="ExpectedContentSha256"/> is the content-hash
/// precondition of a single update or delete (a <see cref="BatchOperation.Write"/> under one needs the memory to
/// exist with that content).
/// </summary>
public sealed record BatchWriteItem(
    BatchOperation Operation,
    string? Path,
    string? Content = null,
    string? ExpectedContentSha256 = null,
    string? Reason = null);

/// <summary>What became of one item of a batch write.</summary>
public enum BatchItemStatus
{
    /// <summary>A new memory, with its first version.</summary>
    Created,

    /// <summary>A new version of the memory at the path.</summary>
    Updated,

    /// <summary>The memory already held exactly this content: no version was written.</summary>
    Unchanged,

    /// <summary>The memory was deleted (its versions stay).</summary>
    Deleted,

    /// <summary>The caller may only propose here: a pending proposal was filed and nothing was written.</summary>
    Proposed,

    /// <summary>The item broke a rule or was not allowed; it changed nothing.</summary>
    Refused,
}

/// <summary>
/// The outcome of item <see cref="Index"/>: the memory written (id, version, content hash), the proposal filed, or the
/// failure (the same typed error the single write would have raised).
/// </summary>
public sealed record BatchItemOutcome(
    int Index,
    string? Path,
    BatchItemStatus Status,
    string? MemoryId = null,
    string? MemoryVersionId = null,
    string? ContentSha256 = null,
    string? ProposalId = null,
    EngramException? Error = null);
