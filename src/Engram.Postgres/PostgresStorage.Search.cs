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

public sealed partial class PostgresStorage : ISearchIndexStorage
{
    public Task<IReadOnlyList<IndexWork>> PendingEmbeddingWorkAsync(string? storeId, int limit, CancellationToken cancellationToken) => throw new NotImplementedException();
    public Task<(int Memories, int Pending)> EmbeddingProgressAsync(string storeId, bool countMemories, CancellationToken cancellationToken) => throw new NotImplementedException();
    public Task<IReadOnlyList<ChunkVector>> LoadVectorsAsync(string storeId, (string MemoryId, int Chunk)? after, int limit, CancellationToken cancellationToken) => throw new NotImplementedException();
    public Task<IReadOnlyList<string>> StoresEmbeddedByOtherModelsAsync(string model, CancellationToken cancellationToken) => throw new NotImplementedException();
    public Task<IReadOnlyList<TextHit>> SearchTextAsync(string storeId, TextQuery query, TextFilter filter, int offset, int limit, CancellationToken cancellationToken) => throw new NotImplementedException();
    public Task<IReadOnlyDictionary<string, string>> SnippetsAsync(string storeId, TextQuery query, IReadOnlyCollection<string> memoryIds, CancellationToken cancellationToken) => throw new NotImplementedException();
    public Task<IReadOnlyList<DocumentOutline>> ListOutlinesAsync(string storeId, string prefix, string? afterPath, int limit, CancellationToken cancellationToken) => throw new NotImplementedException();
    public Task<SearchDocument?> GetDocumentAsync(string storeId, string memoryId, CancellationToken cancellationToken) => throw new NotImplementedException();
    public Task<IReadOnlyList<IndexWork>> PendingIndexWorkAsync(string? storeId, int limit, CancellationToken cancellationToken) => throw new NotImplementedException();
    public Task<IReadOnlyList<(string MemoryId, SearchDocument Document, DateTimeOffset UpdatedAt)>> ListDocumentsAsync(
        string storeId, string prefix, string? afterPath, int limit, CancellationToken cancellationToken) => throw new NotImplementedException();
    public Task<IReadOnlyList<(string MemoryId, SearchDocument Document, DateTimeOffset UpdatedAt)>> GetDocumentsAsync(
        string storeId, IReadOnlyCollection<string> memoryIds, CancellationToken cancellationToken) => throw new NotImplementedException();
}
