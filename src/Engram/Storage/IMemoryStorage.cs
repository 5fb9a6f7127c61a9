using Engram.Access;
using Engram.Memories;

namespace Engram.Storage;

/// <summary>
/// The memories port: stores, live memories, their append-only versions and the content they point at.
/// Rules live above it, in the library. "Not found" is null, never an exception; a store that is deleted
/// reads as not found, with its memories and versions. Listings are ordered as each member says and page
/// by a cursor strictly after the last item, so pages never repeat or skip an item that existed throughout.
/// </summary>
public interface IMemoryStorage : ITransactionalStorage
{
    /// <summary>The store, or null.</summary>
    Task<MemoryStore?> GetStoreAsync(string storeId, CancellationToken cancellationToken);

    /// <summary>Stores matching <paramref name="filter"/>, newest first (created_at, then id), after <paramref name="after"/>.</summary>
    Task<IReadOnlyList<MemoryStore>> ListStoresAsync(StoreFilter filter, TimeIdCursor? after, int limit, CancellationToken cancellationToken);

    /// <summary>The live memory, or null. Content is loaded only when <paramref name="withContent"/>.</summary>
    Task<Memory?> GetMemoryAsync(string storeId, string memoryId, bool withContent, CancellationToken cancellationToken);

    /// <summary>The live memory at exactly <paramref name="path"/>, or null.</summary>
    Task<Memory?> GetMemoryByPathAsync(string storeId, string path, bool withContent, CancellationToken cancellationToken);

    /// <summary>Live memories whose path starts with <paramref name="prefix"/> and lies above <paramref name="from"/>, ordered by path (ordinal over UTF-8).</summary>
    Task<IReadOnlyList<Memory>> ListMemoriesAsync(string storeId, string prefix, PathBound? from, int limit, bool withContent, CancellationToken cancellationToken);

    /// <summary>Versions matching <paramref name="filter"/>, newest first (created_at, then id), after <paramref name="after"/>.</summary>
    Task<IReadOnlyList<MemoryVersion>> ListVersionsAsync(string storeId, VersionFilter filter, TimeIdCursor? after, int limit, bool withContent, CancellationToken cancellationToken);

    /// <summary>The version, or null.</summary>
    Task<MemoryVersion?> GetVersionAsync(string storeId, string versionId, bool withContent, CancellationToken cancellationToken);

    /// <summary>Every version that applied a proposal of a dream, in any store, newest first (created_at, then id; without content).</summary>
    Task<IReadOnlyList<MemoryVersion>> ListDreamVersionsAsync(string dreamId, CancellationToken cancellationToken);

    /// <summary>The stored content with this hash, or null when none is stored (never written, or erased by redaction).</summary>
    Task<string?> GetContentAsync(string sha256, CancellationToken cancellationToken);

    /// <summary>Runs the backend's own consistency checks; an empty list means healthy.</summary>
    Task<IReadOnlyList<string>> CheckIntegrityAsync(CancellationToken cancellationToken);

    /// <summary>Counters that show how writes were committed (for tests, benchmarks and metrics).</summary>
    StorageStats Stats { get; }
}

/// <summary>
/// The memories port's operations inside one write transaction. They enforce no rules: the library decides
/// what may be written, the writer only reads and writes rows. Memories and versions are returned without content;
/// "not found" is null.
/// </summary>
public interface IMemoryWriter
{
    /// <summary>The store, or null.</summary>
    MemoryStore? GetStore(string storeId);

    /// <summary>Adds a store.</summary>
    void InsertStore(MemoryStore store);

    /// <summary>Replaces a store's fields.</summary>
    void UpdateStore(MemoryStore store);

    /// <summary>Removes a store with its memories and versions, and content no other version uses.</summary>
    void DeleteStore(string storeId);

    /// <summary>The live memory, or null.</summary>
    Memory? GetMemory(string storeId, string memoryId);

    /// <summary>The first live memory whose path is one of <paramref name="paths"/>, or null.</summary>
    Memory? FindMemoryAtAnyPath(string storeId, IReadOnlyList<string> paths);

    /// <summary>The first live memory other than <paramref name="exceptMemoryId"/> whose path starts with <paramref name="prefix"/>, or null.</summary>
    Memory? FindFirstMemoryUnder(string storeId, string prefix, string? exceptMemoryId);

    /// <summary>Every live memory of a store (without content), in path order.</summary>
    IReadOnlyList<Memory> ListStoreMemories(string storeId);

    /// <summary>Stores content under its hash unless it is stored already (identical content is stored once).</summary>
    void SaveContent(string sha256, string content);

    /// <summary>The stored content with this hash, or null when none is stored.</summary>
    string? GetContent(string sha256);

    /// <summary>Adds a live memory (its content must already be saved).</summary>
    void InsertMemory(Memory memory);

    /// <summary>Replaces a live memory's path, content reference, version and timestamps.</summary>
    void UpdateMemory(Memory memory);

    /// <summary>Removes a live memory (its versions stay).</summary>
    void DeleteMemory(string storeId, string memoryId);

    /// <summary>Appends a version (its content, if any, must already be saved).</summary>
    void InsertVersion(MemoryVersion version);

    /// <summary>The version, or null.</summary>
    MemoryVersion? GetVersion(string storeId, string versionId);

    /// <summary>
    /// Clears a version's path, content hash and size, records who redacted it and when, and erases the
    /// content itself when no other version anywhere refers to it.
    /// </summary>
    void RedactVersion(string storeId, string versionId, DateTimeOffset redactedAt, Actor redactedBy);
}
