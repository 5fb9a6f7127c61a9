using System.Runtime.InteropServices;
using System.Text.Json;
using Engram.Search;
using Microsoft.Data.Sqlite;

namespace Engram.Sqlite;

public sealed partial class SqliteMemoryStorage
{
    /// <inheritdoc />
    public Task<IReadOnlyList<IndexWork>> PendingEmbeddingWorkAsync(string? storeId, int limit, CancellationToken cancellationToken) =>
        ReadAsync(c => Many(
            c, "SELECT store_id, memory_id, token FROM embedding_queue WHERE $store IS NULL OR store_id = $store ORDER BY token LIMIT $limit",
            r => new IndexWork(r.GetString(0), r.GetString(1), r.GetString(2)), ("$store", Rows.Db(storeId)), ("$limit", limit)), cancellationToken);

    /// <inheritdoc />
    public Task<(int Memories, int Pending)> EmbeddingProgressAsync(string storeId, bool countMemories, CancellationToken cancellationToken) =>
        ReadAsync(c =>
        {
            var pending = (int)Count(c, "SELECT count(*) FROM embedding_queue WHERE store_id = $store", ("$store", storeId));
            return (countMemories ? (int)Count(c, "SELECT count(*) FROM memories WHERE store_id = $store", ("$store", storeId)) : 0, pending);
        }, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<ChunkVector>> LoadVectorsAsync(string storeId, (string MemoryId, int Chunk)? after, int limit, CancellationToken cancellationToken) =>
        ReadAsync(c => Many(
            c, $"""
                SELECT memory_id, chunk, heading, vector FROM chunk_vectors
                WHERE store_id = $store {(after is null ? "" : "AND (memory_id, chunk) > ($afterMemory, $afterChunk)")}
                ORDER BY memory_id, chunk LIMIT $limit
                """,
            ReadVector, ("$store", storeId), ("$afterMemory", Rows.Db(after?.MemoryId)), ("$afterChunk", after?.Chunk ?? 0), ("$limit", limit)), cancellationToken);

    /// <inheritdoc />
    public Task<VectorChanges> VectorChangesSinceAsync(string storeId, long since, CancellationToken cancellationToken) =>
        ReadAsync(c =>
        {
            var clock = Many(c, "SELECT seq, reset_seq FROM vector_clock WHERE store_id = $store", r => (Seq: r.GetInt64(0), Reset: r.GetInt64(1)), ("$store", storeId));
            var (seq, reset) = clock.Count == 0 ? (0L, 0L) : clock[0];
            if (reset > since)
            {
                return new VectorChanges(seq, Reset: true, []);
            }

            // Bounded by the clock just read: a change committed in between is read next time, with its number.
            var memories = seq <= since ? [] : Many(
                c, "SELECT memory_id FROM vector_changes WHERE store_id = $store AND seq > $since AND seq <= $seq",
                r => r.GetString(0), ("$store", storeId), ("$since", since), ("$seq", seq));
            return new VectorChanges(seq, Reset: false, memories);
        }, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<ChunkVector>> VectorsOfAsync(string storeId, IReadOnlyCollection<string> memoryIds, CancellationToken cancellationToken) =>
        ReadAsync(c => Many(
            c, """
               SELECT memory_id, chunk, heading, vector FROM chunk_vectors
               WHERE store_id = $store AND memory_id IN (SELECT value FROM json_each($ids))
               ORDER BY memory_id, chunk
               """,
            ReadVector, ("$store", storeId), ("$ids", JsonSerializer.Serialize(memoryIds))), cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<(string MemoryId, SearchDocument Document, DateTimeOffset UpdatedAt)>> GetDocumentsAsync(
        string storeId, IReadOnlyCollection<string> memoryIds, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<(string, SearchDocument, DateTimeOffset)>>(c => Many(
            c, $"""
                SELECT {DocumentColumns} FROM memory_docs d JOIN memories m ON m.store_id = d.store_id AND m.id = d.memory_id
                WHERE d.store_id = $store AND d.memory_id IN (SELECT value FROM json_each($ids))
                """,
            r => (r.GetString(0), ReadDocument(r), Rows.Time(r.GetInt64(13))), ("$store", storeId), ("$ids", JsonSerializer.Serialize(memoryIds))), cancellationToken);

    private static ChunkVector ReadVector(SqliteDataReader r) =>
        new(r.GetString(0), r.GetInt32(1), r.GetString(2), MemoryMarshal.Cast<byte, float>(((byte[])r.GetValue(3)).AsSpan()).ToArray());
}
