using Engram.Memories;

namespace Engram.Client;

/// <summary>
/// The application interface every face (CLI, MCP, sync) talks to: every feature's interface in one. It has two
/// implementations: in-process over a data directory, and remote over HTTP. Neither holds a rule: rules live in
/// the library services. A caller that uses one feature takes that feature's interface instead.
/// </summary>
public interface IEngramClient
    : IMemoryStoreClient, IBatchClient, ISearchClient, IAccessClient, ISessionClient, IDreamClient, IReviewClient, IAsyncDisposable
{
}

/// <summary>Stores, their memories, and the memories' versions.</summary>
public interface IMemoryStoreClient
{
    /// <summary>Creates a store.</summary>
    Task<MemoryStore> CreateStoreAsync(CreateStoreRequest request, CancellationToken cancellationToken = default);

    /// <summary>Retrieves a store.</summary>
    Task<MemoryStore> GetStoreAsync(string storeId, CancellationToken cancellationToken = default);

    /// <summary>Lists stores, newest first.</summary>
    Task<Page<MemoryStore>> ListStoresAsync(StoreListQuery query, CancellationToken cancellationToken = default);

    /// <summary>Updates a store (metadata keys merge).</summary>
    Task<MemoryStore> UpdateStoreAsync(string storeId, UpdateStoreRequest request, CancellationToken cancellationToken = default);

    /// <summary>Archives a store for good.</summary>
    Task<MemoryStore> ArchiveStoreAsync(string storeId, CancellationToken cancellationToken = default);

    /// <summary>Deletes a store, its memories and versions.</summary>
    Task DeleteStoreAsync(string storeId, CancellationToken cancellationToken = default);

    /// <summary>Creates a memory, or files a proposal where the caller may only propose.</summary>
    Task<WriteResult<Memory>> CreateMemoryAsync(string storeId, CreateMemoryRequest request, CancellationToken cancellationToken = default);

    /// <summary>Retrieves a memory by id.</summary>
    Task<Memory> GetMemoryAsync(string storeId, string memoryId, MemoryView view = MemoryView.Full, CancellationToken cancellationToken = default);

    /// <summary>Retrieves the memory at exactly <paramref name="path"/>.</summary>
    Task<Memory> GetMemoryByPathAsync(string storeId, string path, MemoryView view = MemoryView.Full, CancellationToken cancellationToken = default);

    /// <summary>Lists memories under a prefix.</summary>
    Task<Page<MemoryListItem>> ListMemoriesAsync(string storeId, MemoryListQuery query, CancellationToken cancellationToken = default);

    /// <summary>Updates content and/or path, optionally under a content-hash precondition, or files a proposal where the caller may only propose.</summary>
    Task<WriteResult<Memory>> UpdateMemoryAsync(string storeId, string memoryId, UpdateMemoryRequest request, CancellationToken cancellationToken = default);

    /// <summary>Deletes a memory, optionally under a content-hash precondition, or files a proposal where the caller may only propose.</summary>
    Task<WriteResult> DeleteMemoryAsync(string storeId, string memoryId, DeleteMemoryRequest request, CancellationToken cancellationToken = default);

    /// <summary>Restores an earlier version's content as a new version, or files a proposal where the caller may only propose.</summary>
    Task<WriteResult<Memory>> RevertMemoryAsync(string storeId, string memoryId, RevertMemoryRequest request, CancellationToken cancellationToken = default);

    /// <summary>Lists versions, newest first.</summary>
    Task<Page<MemoryVersion>> ListVersionsAsync(string storeId, VersionListQuery query, CancellationToken cancellationToken = default);

    /// <summary>Retrieves a version.</summary>
    Task<MemoryVersion> GetVersionAsync(string storeId, string versionId, MemoryView view = MemoryView.Full, CancellationToken cancellationToken = default);

    /// <summary>Redacts a version for good.</summary>
    Task<MemoryVersion> RedactVersionAsync(string storeId, string versionId, CancellationToken cancellationToken = default);
}
