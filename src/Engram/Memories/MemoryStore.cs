namespace Engram.Memories;

/// <summary>A named container of memories (<c>memstore_</c>).</summary>
public sealed record MemoryStore(
    string Id,
    string Name,
    string Description,
    IReadOnlyDictionary<string, string> Metadata,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? ArchivedAt)
{
    /// <summary>True once the store is archived: its memories can be read, deleted and redacted, not written.</summary>
    public bool IsArchived => ArchivedAt is not null;
}
