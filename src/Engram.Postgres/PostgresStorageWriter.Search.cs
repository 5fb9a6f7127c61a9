using System.Runtime.InteropServices;
using System.Text.Json;
using Engram.Search;
using Engram.Storage;
using NpgsqlTypes;

namespace Engram.Postgres;

/// <summary>
/// The search index port's writes. The queues follow SQLite's rule: queueing again replaces the token, and work
/// completes only while its token is still the queued one, so a write queued during indexing is never lost, whatever
/// node indexes (PostgreSQL re-checks the token of a row another transaction changed before deleting it).
/// </summary>
internal sealed partial class PostgresStorageWriter : ISearchIndexWriter
{
    private readonly HashSet<string> _searchStatsLocked = new(StringComparer.Ordinal);

    // The vector change number this transaction took for each store it changed vectors of.
    private readonly Dictionary<string, long> _vectorSeqs = new(StringComparer.Ordinal);

    public void QueueIndex(string storeId, string memoryId, string token) => Execute(
        "INSERT INTO index_queue (store_id, memory_id, token) VALUES ($1, $2, $3) ON CONFLICT (store_id, memory_id) DO UPDATE SET token = excluded.token",
        storeId, memoryId, token);

    /// <remarks>
    /// The document is stored only while it is the memory's current one (same path and content): an indexer on another
    /// node may have read the memory before a later write and be storing it after that write's document, which would
    /// leave a stale document with nothing queued to fix it. A memory or store gone meanwhile is skipped the same way;
    /// its own queued work removes what is left.
    /// </remarks>
    public void UpsertDocument(string storeId, string memoryId, SearchDocument document)
    {
        // The store's row is share-locked once per transaction (a deletion of the store waits for this unit, and is not
        // raced into a foreign key error), and the statistics row with it.
        var storeHeld = _searchStatsLocked.Contains(storeId);
        var current = storeHeld
            ? "SELECT 1 FROM memories WHERE store_id = $1 AND id = $2 AND path = $3 AND content_sha256 = $4"
            : """
              SELECT 1 FROM stores s JOIN memories m ON m.store_id = s.id
              WHERE s.id = $1 AND m.id = $2 AND m.path = $3 AND m.content_sha256 = $4 FOR KEY SHARE OF s
              """;
        if (Scalar(current, storeId, memoryId, document.Path, document.ContentSha256) is null)
        {
            return;
        }

        LockSearchStats(storeId, create: true);
        var removed = Scalar("DELETE FROM search_docs WHERE store_id = $1 AND memory_id = $2 RETURNING tokens", storeId, memoryId);
        var (terms, tokens) = SearchPostings.Of(document);
        Execute(
            """
            INSERT INTO search_docs (store_id, memory_id, path, content_sha256, title, description, summary, tags, tag_list, verified, expires, pin,
                                     skill_name, skill_description, problem, tokens)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
            """,
            storeId, memoryId, document.Path, document.ContentSha256, document.Title, document.Description, document.Summary,
            JsonSerializer.Serialize(document.Tags), document.Tags.ToArray(), document.Verified?.UtcTicks, document.Expires?.UtcTicks, document.Pin,
            document.SkillName, document.SkillDescription, document.Problem, tokens);

        using (var import = connection.BeginBinaryImport("COPY search_postings (store_id, term, memory_id, columns, positions) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var (term, (columns, positions)) in terms)
            {
                import.StartRow();
                import.Write(storeId, NpgsqlDbType.Text);
                import.Write(term, NpgsqlDbType.Text);
                import.Write(memoryId, NpgsqlDbType.Text);
                import.Write(columns, NpgsqlDbType.Smallint);
                import.Write(positions.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Integer);
            }

            import.Complete();
        }

        Execute(
            "UPDATE search_stats SET docs = docs + $2, tokens = tokens + $3 WHERE store_id = $1",
            storeId, removed is null ? 1L : 0L, (long)tokens - (removed is null ? 0 : Convert.ToInt64(removed, System.Globalization.CultureInfo.InvariantCulture)));
    }

    public void RemoveDocument(string storeId, string memoryId)
    {
        if (LockSearchStats(storeId, create: false)
            && Scalar("DELETE FROM search_docs WHERE store_id = $1 AND memory_id = $2 RETURNING tokens", storeId, memoryId) is { } removed)
        {
            Execute("UPDATE search_stats SET docs = docs - 1, tokens = tokens - $2 WHERE store_id = $1", storeId, Convert.ToInt64(removed, System.Globalization.CultureInfo.InvariantCulture));
        }

        // Clock first, as every vector write takes it (see ReplaceVectors); only when there are vectors to remove.
        if (Scalar("SELECT 1 FROM chunk_vectors WHERE store_id = $1 AND memory_id = $2 LIMIT 1", storeId, memoryId) is not null)
        {
            RemoveVectorsLogged(storeId, memoryId);
        }
    }

    public void CompleteIndex(IndexWork work) => Execute(
        "DELETE FROM index_queue WHERE store_id = $1 AND memory_id = $2 AND token = $3", work.StoreId, work.MemoryId, work.Token);

    public void QueueEmbedding(string storeId, string memoryId, string token) => Execute(
        "INSERT INTO embedding_queue (store_id, memory_id, token) VALUES ($1, $2, $3) ON CONFLICT (store_id, memory_id) DO UPDATE SET token = excluded.token",
        storeId, memoryId, token);

    public void ReplaceVectors(string storeId, string memoryId, IReadOnlyList<ChunkVector> vectors)
    {
        // The clock row before any vector: every writer of a store's vectors locks them in this order (no deadlock
        // between two), and its change number commits before the next writer's.
        RemoveVectorsLogged(storeId, memoryId);
        foreach (var chunk in vectors)
        {
            Execute(
                "INSERT INTO chunk_vectors (store_id, memory_id, chunk, heading, vector) VALUES ($1, $2, $3, $4, $5)",
                storeId, memoryId, chunk.Chunk, chunk.Heading, MemoryMarshal.AsBytes(chunk.Vector.AsSpan()).ToArray());
        }
    }

    public void SetStoreEmbedding(string storeId, bool on, string token)
    {
        if (on)
        {
            Execute(
                """
                INSERT INTO embedding_queue (store_id, memory_id, token) SELECT store_id, id, $2 FROM memories WHERE store_id = $1
                ON CONFLICT (store_id, memory_id) DO UPDATE SET token = excluded.token
                """,
                storeId, token);
            return;
        }

        Execute("DELETE FROM embedding_queue WHERE store_id = $1", storeId);
        Execute("UPDATE vector_clock SET reset_seq = $2 WHERE store_id = $1", storeId, VectorSeq(storeId));
        Execute("DELETE FROM vector_changes WHERE store_id = $1", storeId); // the reset stands for them all
        Execute("DELETE FROM chunk_vectors WHERE store_id = $1", storeId);
    }

    public void CompleteEmbedding(IndexWork work) => Execute(
        "DELETE FROM embedding_queue WHERE store_id = $1 AND memory_id = $2 AND token = $3", work.StoreId, work.MemoryId, work.Token);

    public void SetEmbeddingModel(string storeId, string model) => Execute(
        """
        INSERT INTO store_embedding_models (store_id, model) VALUES ($1, $2)
        ON CONFLICT (store_id) DO UPDATE SET model = excluded.model WHERE store_embedding_models.model IS DISTINCT FROM excluded.model
        """,
        storeId, model);

    /// <summary>
    /// Removes the memory's vectors and gives it the store's change number of this transaction (VectorChangesSinceAsync),
    /// in one statement: logging a change costs no round trip of its own.
    /// </summary>
    private void RemoveVectorsLogged(string storeId, string memoryId) => Execute(
        """
        WITH removed AS (DELETE FROM chunk_vectors WHERE store_id = $1 AND memory_id = $2)
        INSERT INTO vector_changes (store_id, memory_id, seq) VALUES ($1, $2, $3) ON CONFLICT (store_id, memory_id) DO UPDATE SET seq = excluded.seq
        """,
        storeId, memoryId, VectorSeq(storeId));

    /// <summary>
    /// The store's change number for this transaction: the clock is bumped (and its row locked until commit) once per
    /// transaction, so a batch of memories shares one number and one row update.
    /// </summary>
    private long VectorSeq(string storeId)
    {
        if (!_vectorSeqs.TryGetValue(storeId, out var seq))
        {
            seq = Convert.ToInt64(
                Scalar(
                    "INSERT INTO vector_clock (store_id, seq, reset_seq) VALUES ($1, 1, 0) ON CONFLICT (store_id) DO UPDATE SET seq = vector_clock.seq + 1 RETURNING seq",
                    storeId),
                System.Globalization.CultureInfo.InvariantCulture);
            _vectorSeqs[storeId] = seq;
        }

        return seq;
    }

    /// <summary>
    /// Locks the store's statistics row for the rest of the transaction (creating it when asked), before any document of
    /// the store is touched: index writes to one store then take their locks in one order on every node, and the totals
    /// are updated by one transaction at a time. False when there is no row (and none was to be made).
    /// </summary>
    private bool LockSearchStats(string storeId, bool create)
    {
        if (_searchStatsLocked.Contains(storeId))
        {
            return true;
        }

        var locked = create
            ? Execute("INSERT INTO search_stats (store_id, docs, tokens) VALUES ($1, 0, 0) ON CONFLICT (store_id) DO UPDATE SET docs = search_stats.docs", storeId) > 0
            : Scalar("SELECT 1 FROM search_stats WHERE store_id = $1 FOR UPDATE", storeId) is not null;
        if (locked)
        {
            _searchStatsLocked.Add(storeId);
        }

        return locked;
    }
}
