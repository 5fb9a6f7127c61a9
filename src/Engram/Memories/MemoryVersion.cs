using Engram.Access;

namespace Engram.Memories;

/// <summary>
/// One immutable entry of a memory's history (<c>memver_</c>). Only redaction changes it afterwards,
/// clearing path, content, hash and size for good while keeping the record.
/// </summary>
public sealed record MemoryVersion(
    string Id,
    string MemoryId,
    string MemoryStoreId,
    VersionOperation Operation,
    string? Path,
    string? Content,
    string? ContentSha256,
    long? ContentSizeBytes,
    DateTimeOffset CreatedAt,
    Actor? CreatedBy,
    DateTimeOffset? RedactedAt,
    Actor? RedactedBy)
{
    /// <summary>Extension: why the change was made, as given by the writer.</summary>
    public string? Reason { get; init; }

    /// <summary>Extension: the API key the write came with, when there was one.</summary>
    public string? ApiKeyId { get; init; }

    /// <summary>Extension: the proposal this version applied, if it came through review.</summary>
    public string? ProposalId { get; init; }

    /// <summary>Extension: who accepted the proposal this version applied.</summary>
    public Actor? ReviewedBy { get; init; }

    /// <summary>Extension: the dream whose proposal this version applied.</summary>
    public string? DreamId { get; init; }

    /// <summary>Extension: the sessions whose transcripts were the evidence for the proposal this version applied.</summary>
    public IReadOnlyList<string>? EvidenceSessionIds { get; init; }

    /// <summary>True once redacted.</summary>
    public bool IsRedacted => RedactedAt is not null;
}

/// <summary>The kind of change a version records.</summary>
public enum VersionOperation
{
    /// <summary>The first version of a memory (or its restoration after a delete).</summary>
    Created = 1,
    /// <summary>Content, path, or both changed.</summary>
    Modified = 2,
    /// <summary>The memory was deleted.</summary>
    Deleted = 3,
}

/// <summary>Whether a memory or version in a response includes its content.</summary>
public enum MemoryView
{
    /// <summary>Content is null; hash and size are still given.</summary>
    Basic,
    /// <summary>Content is included.</summary>
    Full,
}
