namespace Engram.Storage;

/// <summary>A lower bound on a path in an ordered memory listing.</summary>
public sealed record PathBound(string Path, bool Inclusive);

/// <summary>A position in a newest-first listing: items strictly older than (CreatedAt, Id) come next.</summary>
public sealed record TimeIdCursor(DateTimeOffset CreatedAt, string Id);

/// <summary>Which stores a listing includes.</summary>
public sealed record StoreFilter(bool IncludeArchived, DateTimeOffset? CreatedAtGte, DateTimeOffset? CreatedAtLte);

/// <summary>Which versions a listing includes; null fields do not filter.</summary>
public sealed record VersionFilter(
    string? MemoryId = null,
    Memories.VersionOperation? Operation = null,
    string? SessionId = null,
    string? ApiKeyId = null,
    string? ServiceAccountId = null,
    DateTimeOffset? CreatedAtGte = null,
    DateTimeOffset? CreatedAtLte = null);
