using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Engram.Search;
using Microsoft.Data.Sqlite;

namespace Engram.Sqlite;

public sealed partial class SqliteMemoryStorage
{
    private const string DocumentColumns =
        "d.memory_id, d.path, d.content_sha256, d.title, d.description, d.summary, d.tags, d.verified, d.expires, d.pin, d.skill_name, d.skill_description, d.problem, m.updated_at";

    // BM25 weights per column (store, path, title, description, tags, body): a hit in a title says more than one in the body.
    private const string Ranking = "bm25(memory_fts, 0.0, 2.0, 6.0, 4.0, 3.0, 1.0)";

    /// <inheritdoc />
    public Task<IReadOnlyList<TextHit>> SearchTextAsync(string storeId, TextQuery query, TextFilter filter, int offset, int limit, CancellationToken cancellationToken)
    {
        if (query.Terms.Count == 0)
        {
            return Task.FromResult<IReadOnlyList<TextHit>>([]);
        }

        var conditions = new StringBuilder("memory_fts MATCH $match AND d.store_id = $store AND d.path >= $prefix AND d.path < $end");
        if (filter.UpdatedSince is not null)
        {
            conditions.Append(" AND m.updated_at >= $since");
        }

        if (filter.Tags.Count > 0)
        {
            conditions.Append(" AND NOT EXISTS (SELECT 1 FROM json_each($tags) w WHERE w.value NOT IN (SELECT value FROM json_each(d.tags)))");
        }

        var sql = $"""
            SELECT {DocumentColumns}, {Ranking} AS score, snippet(memory_fts, 5, '**', '**', '…', 16)
            FROM memory_fts
            JOIN memory_docs d ON d.fts_rowid = memory_fts.rowid
            JOIN memories m ON m.store_id = d.store_id AND m.id = d.memory_id
            WHERE {conditions}
            ORDER BY score, d.path LIMIT $limit OFFSET $offset
            """;
        return ReadAsync<IReadOnlyList<TextHit>>(c => Many(
            c, sql,
            r => new TextHit(r.GetString(0), ReadDocument(r), Rows.Time(r.GetInt64(13)), r.GetDouble(14), r.GetString(15)),
            ("$match", Match(storeId, query)), ("$store", storeId), ("$prefix", filter.PathPrefix), ("$end", PathRange.UpperBound(filter.PathPrefix)),
            ("$since", Rows.Db(filter.UpdatedSince)), ("$tags", JsonSerializer.Serialize(filter.Tags)), ("$limit", limit), ("$offset", offset)), cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<(string MemoryId, SearchDocument Document, DateTimeOffset UpdatedAt)>> ListDocumentsAsync(
        string storeId, string prefix, string? afterPath, int limit, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<(string, SearchDocument, DateTimeOffset)>>(c => Many(
            c, $"""
                SELECT {DocumentColumns} FROM memory_docs d JOIN memories m ON m.store_id = d.store_id AND m.id = d.memory_id
                WHERE d.store_id = $store AND d.path {(afterPath is null ? ">= $prefix" : "> $after")} AND d.path < $end
                ORDER BY d.path LIMIT $limit
                """,
            r => (r.GetString(0), ReadDocument(r), Rows.Time(r.GetInt64(13))),
            ("$store", storeId), ("$prefix", prefix), ("$after", Rows.Db(afterPath)), ("$end", PathRange.UpperBound(prefix)), ("$limit", limit)), cancellationToken);

    /// <inheritdoc />
    public Task<SearchDocument?> GetDocumentAsync(string storeId, string memoryId, CancellationToken cancellationToken) =>
        ReadAsync(c => Single(
            c, $"SELECT {DocumentColumns} FROM memory_docs d JOIN memories m ON m.store_id = d.store_id AND m.id = d.memory_id WHERE d.store_id = $store AND d.memory_id = $memory",
            ReadDocument, ("$store", storeId), ("$memory", memoryId)), cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<IndexWork>> PendingIndexWorkAsync(string? storeId, int limit, CancellationToken cancellationToken) =>
        ReadAsync(c => Many(
            c, "SELECT store_id, memory_id, token FROM index_queue WHERE $store IS NULL OR store_id = $store ORDER BY token LIMIT $limit",
            r => new IndexWork(r.GetString(0), r.GetString(1), r.GetString(2)), ("$store", Rows.Db(storeId)), ("$limit", limit)), cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<IndexWork>> PendingEmbeddingWorkAsync(int limit, CancellationToken cancellationToken) =>
        ReadAsync(c => Many(
            c, "SELECT store_id, memory_id, token FROM embedding_queue ORDER BY token LIMIT $limit",
            r => new IndexWork(r.GetString(0), r.GetString(1), r.GetString(2)), ("$limit", limit)), cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<ChunkVector>> LoadVectorsAsync(string storeId, CancellationToken cancellationToken) =>
        ReadAsync(c => Many(
            c, "SELECT memory_id, chunk, heading, vector FROM chunk_vectors WHERE store_id = $store ORDER BY memory_id, chunk",
            r => new ChunkVector(r.GetString(0), r.GetInt32(1), r.GetString(2), MemoryMarshal.Cast<byte, float>(((byte[])r.GetValue(3)).AsSpan()).ToArray()),
            ("$store", storeId)), cancellationToken);

    /// <summary>
    /// The FTS5 query for a store and a set of terms: every term a quoted string (so nothing a user types is an
    /// operator), any term may match, and only this store's documents.
    /// </summary>
    internal static string Match(string storeId, TextQuery query) =>
        $"store : {Quote(storeId)} AND ({string.Join(" OR ", query.Terms.Select(t => Quote(t.Text)))})";

    private static string Quote(string text) => "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static SearchDocument ReadDocument(SqliteDataReader r) => new(
        r.GetString(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3), r.IsDBNull(4) ? null : r.GetString(4), r.IsDBNull(5) ? null : r.GetString(5),
        JsonSerializer.Deserialize<List<string>>(r.GetString(6)) ?? [], "", r.IsDBNull(7) ? null : Rows.Time(r.GetInt64(7)),
        r.IsDBNull(8) ? null : Rows.Time(r.GetInt64(8)), r.GetInt32(9) == 1, r.IsDBNull(10) ? null : r.GetString(10),
        r.IsDBNull(11) ? null : r.GetString(11), r.IsDBNull(12) ? null : r.GetString(12));
}
