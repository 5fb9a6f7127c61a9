using System.Runtime.InteropServices;
using System.Text.Json;
using Engram.Search;

namespace Engram.Sqlite;

internal sealed partial class SqliteStorageWriter
{
    public void QueueIndex(string storeId, string memoryId, string token) => Execute(
        "INSERT INTO index_queue (store_id, memory_id, token) VALUES ($store, $memory, $token) ON CONFLICT (store_id, memory_id) DO UPDATE SET token = excluded.token",
        ("$store", storeId), ("$memory", memoryId), ("$token", token));

    public void UpsertDocument(string storeId, string memoryId, SearchDocument document)
    {
        RemoveText(storeId, memoryId);
        Execute(
            $"INSERT INTO {FtsTable.Of(storeId)} (path, title, description, tags, body) VALUES ($path, $title, $description, $tags, $body)",
            ("$path", document.Path), ("$title", Rows.Db(document.Title)), ("$description", Rows.Db(document.Description)),
            ("$tags", string.Join(' ', document.Tags)), ("$body", document.Body));
        Execute(
            """
            INSERT INTO memory_docs (store_id, memory_id, fts_rowid, path, content_sha256, title, description, summary, tags, verified, expires, pin,
                                     skill_name, skill_description, problem)
            VALUES ($store, $memory, last_insert_rowid(), $path, $sha, $title, $description, $summary, $tags, $verified, $expires, $pin,
                    $skillName, $skillDescription, $problem)
            """,
            ("$store", storeId), ("$memory", memoryId), ("$path", document.Path), ("$sha", document.ContentSha256), ("$title", Rows.Db(document.Title)),
            ("$description", Rows.Db(document.Description)), ("$summary", Rows.Db(document.Summary)), ("$tags", JsonSerializer.Serialize(document.Tags)),
            ("$verified", Rows.Db(document.Verified)), ("$expires", Rows.Db(document.Expires)), ("$pin", document.Pin ? 1 : 0),
            ("$skillName", Rows.Db(document.SkillName)), ("$skillDescription", Rows.Db(document.SkillDescription)), ("$problem", Rows.Db(document.Problem)));
    }

    public void RemoveDocument(string storeId, string memoryId)
    {
        RemoveText(storeId, memoryId);
        if (Execute("DELETE FROM chunk_vectors WHERE store_id = $store AND memory_id = $memory", ("$store", storeId), ("$memory", memoryId)) > 0)
        {
            LogVectorChange(storeId, memoryId);
        }
    }

    public void CompleteIndex(IndexWork work) => Execute(
        "DELETE FROM index_queue WHERE store_id = $store AND memory_id = $memory AND token = $token",
        ("$store", work.StoreId), ("$memory", work.MemoryId), ("$token", work.Token));

    public void QueueEmbedding(string storeId, string memoryId, string token) => Execute(
        "INSERT INTO embedding_queue (store_id, memory_id, token) VALUES ($store, $memory, $token) ON CONFLICT (store_id, memory_id) DO UPDATE SET token = excluded.token",
        ("$store", storeId), ("$memory", memoryId), ("$token", token));

    public void ReplaceVectors(string storeId, string memoryId, IReadOnlyList<ChunkVector> vectors)
    {
        LogVectorChange(storeId, memoryId);
        Execute("DELETE FROM chunk_vectors WHERE store_id = $store AND memory_id = $memory", ("$store", storeId), ("$memory", memoryId));
        foreach (var chunk in vectors)
        {
            Execute(
                "INSERT INTO chunk_vectors (store_id, memory_id, chunk, heading, vector) VALUES ($store, $memory, $chunk, $heading, $vector)",
                ("$store", storeId), ("$memory", memoryId), ("$chunk", chunk.Chunk), ("$heading", chunk.Heading), ("$vector", MemoryMarshal.AsBytes(chunk.Vector.AsSpan()).ToArray()));
        }
    }

    public void SetStoreEmbedding(string storeId, bool on, string token)
    {
        if (on)
        {
            Execute(
                "INSERT INTO embedding_queue (store_id, memory_id, token) SELECT store_id, id, $token FROM memories WHERE store_id = $store ON CONFLICT (store_id, memory_id) DO UPDATE SET token = excluded.token",
                ("$store", storeId), ("$token", token));
            return;
        }

        Execute("DELETE FROM embedding_queue WHERE store_id = $store", ("$store", storeId));
        Execute(
            "INSERT INTO vector_clock (store_id, seq, reset_seq) VALUES ($store, 1, 1) ON CONFLICT (store_id) DO UPDATE SET seq = seq + 1, reset_seq = seq + 1",
            ("$store", storeId));
        Execute("DELETE FROM vector_changes WHERE store_id = $store", ("$store", storeId)); // the reset stands for them all
        Execute("DELETE FROM chunk_vectors WHERE store_id = $store", ("$store", storeId));
    }

    public void CompleteEmbedding(IndexWork work) => Execute(
        "DELETE FROM embedding_queue WHERE store_id = $store AND memory_id = $memory AND token = $token",
        ("$store", work.StoreId), ("$memory", work.MemoryId), ("$token", work.Token));

    public void SetEmbeddingModel(string storeId, string model) => Execute(
        "INSERT INTO store_embedding_models (store_id, model) VALUES ($store, $model) ON CONFLICT (store_id) DO UPDATE SET model = excluded.model WHERE model IS NOT excluded.model",
        ("$store", storeId), ("$model", model));

    /// <summary>Gives the memory's vectors the store's next change number (VectorChangesSinceAsync), in this transaction.</summary>
    private void LogVectorChange(string storeId, string memoryId)
    {
        Execute(
            "INSERT INTO vector_clock (store_id, seq, reset_seq) VALUES ($store, 1, 0) ON CONFLICT (store_id) DO UPDATE SET seq = seq + 1",
            ("$store", storeId));
        Execute(
            """
            INSERT INTO vector_changes (store_id, memory_id, seq) VALUES ($store, $memory, (SELECT seq FROM vector_clock WHERE store_id = $store))
            ON CONFLICT (store_id, memory_id) DO UPDATE SET seq = excluded.seq
            """,
            ("$store", storeId), ("$memory", memoryId));
    }

    private void RemoveText(string storeId, string memoryId)
    {
        Execute(
            $"DELETE FROM {FtsTable.Of(storeId)} WHERE rowid = (SELECT fts_rowid FROM memory_docs WHERE store_id = $store AND memory_id = $memory)",
            ("$store", storeId), ("$memory", memoryId));
        Execute("DELETE FROM memory_docs WHERE store_id = $store AND memory_id = $memory", ("$store", storeId), ("$memory", memoryId));
    }
}
