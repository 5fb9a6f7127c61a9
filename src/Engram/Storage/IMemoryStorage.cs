using Engram.Memories;

namespace Engram.Storage;

/// <summary>
/// The one storage port. Backends implement it and pass the conformance suite; rules live above it, in
/// the library. Writes run as units of work in a transaction; reads see committed state only.
/// </summary>
public partial interface IMemoryStorage : IAsyncDisposable
{
    /// <summary>
    /// Runs <paramref name="work"/> in a write transaction and completes once the transaction is durable.
    /// A backend may run several units of work in one commit (group commit), each in its own savepoint and
    /// in arrival order, so a unit sees every earlier unit's effects. When <paramref name="work"/> throws,
    /// its changes are rolled back, the exception is rethrown to the caller, and other units are unaffected.
    /// </summary>
    Task<T> WriteAsync<T>(Func<IStorageWriter, T> work, CancellationToken cancellationToken);

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

    /// <summary>Runs the backend's own consistency checks; an empty list means healthy.</summary>
    Task<IReadOnlyList<string>> CheckIntegrityAsync(CancellationToken cancellationToken);

    /// <summary>Counters that show how writes were committed (for tests, benchmarks and metrics).</summary>
    StorageStats Stats { get; }
}
