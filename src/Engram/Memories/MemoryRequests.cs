namespace Engram.Memories;

/// <summary>Create a memory at <see cref="Path"/>. <see cref="Reason"/> is an extension recorded on the version.</summary>
public sealed record CreateMemoryRequest(string? Path, string? Content, string? Reason = null);

/// <summary>
/// Update a memory's content, path (a rename that keeps the id), or both. When
/// <see cref="ExpectedContentSha256"/> is given it must match the current content (even when renaming).
/// </summary>
public sealed record UpdateMemoryRequest(
    string? Content = null,
    string? Path = null,
    string? ExpectedContentSha256 = null,
    string? Reason = null);

/// <summary>Delete a memory, only if its content still hashes to <see cref="ExpectedContentSha256"/> when given.</summary>
public sealed record DeleteMemoryRequest(string? ExpectedContentSha256 = null, string? Reason = null);

/// <summary>
/// Extension: restore the content of an earlier version as a new version (history stays append-only).
/// A deleted memory is brought back, with its id, at the path the version recorded.
/// </summary>
public sealed record RevertMemoryRequest(string? VersionId, string? ExpectedContentSha256 = null, string? Reason = null);

/// <summary>
/// List memories under <see cref="PathPrefix"/> in a stable order (by path). Depth 0 lists everything
/// below; depth N lists memories up to N segments below and rolls deeper ones into prefix markers.
/// </summary>
public sealed record MemoryListQuery(
    string? PathPrefix = null,
    int? Depth = null,
    int? Limit = null,
    string? Page = null,
    MemoryView View = MemoryView.Basic);

/// <summary>List versions newest first (created_at, then id), with the compatible API's filters.</summary>
public sealed record VersionListQuery(
    string? MemoryId = null,
    VersionOperation? Operation = null,
    string? SessionId = null,
    string? ApiKeyId = null,
    string? ServiceAccountId = null,
    DateTimeOffset? CreatedAtGte = null,
    DateTimeOffset? CreatedAtLte = null,
    int? Limit = null,
    string? Page = null,
    MemoryView View = MemoryView.Basic);
