using Engram.Storage;
using Engram.Access.Audit;
using Engram.Access.Policies;
using Engram.Access;
using Engram.Dreaming.Dreams;
using Engram.Memories;
using Engram.Review;
using Engram.Search;
using Engram.Sessions;

namespace Engram.Postgres;

public sealed partial class PostgresStorage : IMemoryStorage
{
    public Task<MemoryStore?> GetStoreAsync(string storeId, CancellationToken cancellationToken) => throw new NotImplementedException();
    public Task<IReadOnlyList<MemoryStore>> ListStoresAsync(StoreFilter filter, TimeIdCursor? after, int limit, CancellationToken cancellationToken) => throw new NotImplementedException();
    public Task<Memory?> GetMemoryAsync(string storeId, string memoryId, bool withContent, CancellationToken cancellationToken) => throw new NotImplementedException();
    public Task<Memory?> GetMemoryByPathAsync(string storeId, string path, bool withContent, CancellationToken cancellationToken) => throw new NotImplementedException();
    public Task<IReadOnlyList<Memory>> ListMemoriesAsync(string storeId, string prefix, PathBound? from, int limit, bool withContent, CancellationToken cancellationToken) => throw new NotImplementedException();
    public Task<IReadOnlyList<MemoryVersion>> ListVersionsAsync(string storeId, VersionFilter filter, TimeIdCursor? after, int limit, bool withContent, CancellationToken cancellationToken) => throw new NotImplementedException();
    public Task<MemoryVersion?> GetVersionAsync(string storeId, string versionId, bool withContent, CancellationToken cancellationToken) => throw new NotImplementedException();
    public Task<IReadOnlyList<MemoryVersion>> ListDreamVersionsAsync(string dreamId, CancellationToken cancellationToken) => throw new NotImplementedException();
    public Task<string?> GetContentAsync(string sha256, CancellationToken cancellationToken) => throw new NotImplementedException();
    public Task<IReadOnlyList<string>> CheckIntegrityAsync(CancellationToken cancellationToken) => throw new NotImplementedException();
}
