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

internal sealed partial class PostgresStorageWriter : ISearchIndexWriter
{
    public void QueueIndex(string storeId, string memoryId, string token) => throw new NotImplementedException();
    public void UpsertDocument(string storeId, string memoryId, SearchDocument document) => throw new NotImplementedException();
    public void RemoveDocument(string storeId, string memoryId) => throw new NotImplementedException();
    public void CompleteIndex(IndexWork work) => throw new NotImplementedException();
    public void QueueEmbedding(string storeId, string memoryId, string token) => throw new NotImplementedException();
    public void ReplaceVectors(string storeId, string memoryId, IReadOnlyList<ChunkVector> vectors) => throw new NotImplementedException();
    public void SetStoreEmbedding(string storeId, bool on, string token) => throw new NotImplementedException();
    public void CompleteEmbedding(IndexWork work) => throw new NotImplementedException();
    public void SetEmbeddingModel(string storeId, string model) => throw new NotImplementedException();
}
