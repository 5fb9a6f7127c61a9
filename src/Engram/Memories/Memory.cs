namespace Engram.Memories;

/// <summary>One item of a memory listing: a <see cref="Memory"/> or a <see cref="MemoryPrefix"/>.</summary>
public abstract record MemoryListItem(string Path);

/// <summary>A text document at a path in a store (<c>mem_</c>, stable across renames).</summary>
public sealed record Memory(
    string Id,
    string MemoryStoreId,
    string Path,
    string? Content,
    string ContentSha256,
    long ContentSizeBytes,
    string MemoryVersionId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt) : MemoryListItem(Path);

/// <summary>A directory marker in a listing with <c>depth</c>: one or more memories live below <see cref="MemoryListItem.Path"/>.</summary>
internal sealed record MemoryPrefix(string Path) : MemoryListItem(Path);
