using System.Text;
using System.Text.Json;
using Engram.Search;
using Microsoft.Data.Sqlite;

namespace Engram.Sqlite;

public sealed partial class SqliteMemoryStorage
{
    private const string DocumentColumns =
        "d.memory_id, d.path, d.content_sha256, d.title, d.description, d.summary, d.tags, d.verified, d.expires, d.pin, d.skill_name, d.skill_description, d.problem, m.updated_at";

    // BM25 weights per column (path, title, description, tags, body): a hit in a title says more than one in the body.
    private static string Ranking(string table) => $"bm25({table}, 2.0, 6.0, 4.0, 3.0, 1.0)";

    /// <summary>
    /// A term matching at least this many memories of a store is common: BM25 over all its matches would cost
    /// milliseconds per thousand, and its inverse document frequency says little anyway.
    /// </summary>
    internal const int CommonMatches = 2_000;

    /// <inheritdoc />
    /// <remarks>
    /// Ranking is BM25 with field weights over every match while the query's terms are selective. Terms that
    /// match <see cref="CommonMatches"/> or more memories are ranked in tiers instead, so a query costs about
    /// the same in a store of a thousand memories or a million: first the memories matching a selective term
    /// (BM25 of those terms), then those with a common term in their path, title, description or tags (BM25
    /// there; narrowed to title and description, then title, while even that matches too many), then the
    /// rest, newest first. Every statistic BM25 uses is the store's own (<see cref="FtsTable"/>).
    /// </remarks>
    public Task<IReadOnlyList<TextHit>> SearchTextAsync(string storeId, TextQuery query, TextFilter filter, int offset, int limit, CancellationToken cancellationToken)
    {
        if (query.Terms.Count == 0)
        {
            return Task.FromResult<IReadOnlyList<TextHit>>([]);
        }

        var fts = FtsTable.Of(storeId);
        var conditions = new StringBuilder($"{fts} MATCH $match AND d.path >= $prefix AND d.path < $end");
        var withMemories = "";
        if (filter.UpdatedSince is not null)
        {
            withMemories = "CROSS JOIN memories m ON m.store_id = d.store_id AND m.id = d.memory_id";
            conditions.Append(" AND m.updated_at >= $since");
        }

        if (filter.Tags.Count > 0)
        {
            conditions.Append(" AND NOT EXISTS (SELECT 1 FROM json_each($tags) w WHERE w.value NOT IN (SELECT value FROM json_each(d.tags)))");
        }

        // CROSS JOIN keeps the full-text match as the outer loop: left to itself the planner may walk every
        // document of the store by path and probe the index once per row. The ranking runs first over rowids
        // and scores only; documents and snippets are read for the page alone (a sorter would otherwise carry
        // them for every match).
        var from = $"FROM {fts} CROSS JOIN memory_docs d ON d.store_id = $store AND d.fts_rowid = {fts}.rowid {withMemories}";
        string Page(string order) => $"""
            WITH page AS (
                SELECT {fts}.rowid AS fts_rowid, {(order == ByRank ? Ranking(fts) : "0.0")} AS score, d.path AS path
                {from} WHERE {conditions} ORDER BY {order} LIMIT $limit OFFSET $offset)
            SELECT {DocumentColumns}, page.score, {(filter.Snippets ? $"snippet({fts}, 4, '**', '**', '…', 16)" : "NULL")}
            FROM page
            {(filter.Snippets ? $"CROSS JOIN {fts} ON {fts}.rowid = page.fts_rowid" : "")}
            CROSS JOIN memory_docs d ON d.store_id = $store AND d.fts_rowid = page.fts_rowid
            CROSS JOIN memories m ON m.store_id = d.store_id AND m.id = d.memory_id
            {(filter.Snippets ? $"WHERE {fts} MATCH $highlight" : "")}
            ORDER BY {(order == ByRank ? "page.score, page.path" : "page.fts_rowid DESC")}
            """;
        (string Name, object Value)[] Parameters(string match, params (string Name, object Value)[] more) =>
        [
            ("$match", match), ("$store", storeId), ("$prefix", filter.PathPrefix), ("$end", PathRange.UpperBound(filter.PathPrefix)),
            ("$since", Rows.Db(filter.UpdatedSince)), ("$tags", JsonSerializer.Serialize(filter.Tags)), .. more,
        ];

        return ReadAsync<IReadOnlyList<TextHit>>(c =>
        {
            var hits = new List<TextHit>(limit);
            var skip = offset;
            List<(string Match, string Order, string Highlight)> tiers;
            try
            {
                tiers = Tiers(c, fts, query);
            }
            catch (SqliteException error) when (error.Message.Contains("no such table", StringComparison.Ordinal))
            {
                return hits; // the store was deleted, its table with it, after the caller found the store
            }

            foreach (var (match, order, highlight) in tiers)
            {
                var rows = Many(
                    c, Page(order),
                    r => new TextHit(r.GetString(0), ReadDocument(r), Rows.Time(r.GetInt64(13)), r.GetDouble(14), r.IsDBNull(15) ? null : r.GetString(15)),
                    Parameters(match, ("$highlight", highlight), ("$limit", limit - hits.Count), ("$offset", skip)));
                hits.AddRange(rows);
                if (hits.Count == limit)
                {
                    break;
                }

                // This tier is exhausted: the rest of the offset falls in the next one.
                skip = rows.Count > 0 || skip == 0
                    ? 0
                    : skip - (int)Math.Min(skip, Count(c, $"SELECT count(*) {from} WHERE {conditions}", Parameters(match)));
            }

            return hits;
        }, cancellationToken);
    }

    private const string ByRank = "score, d.path";

    /// <inheritdoc />
    public Task<IReadOnlyDictionary<string, string>> SnippetsAsync(string storeId, TextQuery query, IReadOnlyCollection<string> memoryIds, CancellationToken cancellationToken)
    {
        var words = query.Terms.Where(term => !term.FunctionWord).ToList();
        if (memoryIds.Count == 0 || query.Terms.Count == 0)
        {
            return Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string>(StringComparer.Ordinal));
        }

        // Each memory's row is found by its rowid, and the match evaluated at that row alone: the full-text index is
        // never scanned for the query's words, however common.
        var fts = FtsTable.Of(storeId);
        var sql = $"""
            SELECT d.memory_id, snippet({fts}, 4, '**', '**', '…', 16)
            FROM json_each($ids) j
            CROSS JOIN memory_docs d ON d.store_id = $store AND d.memory_id = j.value
            CROSS JOIN {fts} ON {fts}.rowid = d.fts_rowid
            WHERE {fts} MATCH $highlight
            """;
        return ReadAsync<IReadOnlyDictionary<string, string>>(c =>
        {
            try
            {
                return Many(c, sql, r => (r.GetString(0), r.GetString(1)),
                        ("$ids", JsonSerializer.Serialize(memoryIds)), ("$store", storeId), ("$highlight", Match(new TextQuery(words.Count > 0 ? words : [.. query.Terms]))))
                    .ToDictionary(s => s.Item1, s => s.Item2, StringComparer.Ordinal);
            }
            catch (SqliteException error) when (error.Message.Contains("no such table", StringComparison.Ordinal))
            {
                return new Dictionary<string, string>(StringComparer.Ordinal); // the store was deleted meanwhile
            }
        }, cancellationToken);
    }

    /// <summary>
    /// Where a common word ranks, broadest first: the first of these column sets in which the query's common
    /// words match fewer than <see cref="CommonMatches"/> memories is ranked by BM25; the rest come newest first.
    /// </summary>
    private static readonly string[] DescribingColumns = ["{path title description tags}", "{title description}", "{title}"];

    /// <summary>
    /// The FTS5 queries to run in turn, each with its order and the expression its snippets highlight (see
    /// <see cref="SearchTextAsync"/>). Function words refine a plain BM25 ranking only; in the tiers they are left out.
    /// </summary>
    private static List<(string Match, string Order, string Highlight)> Tiers(SqliteConnection connection, string fts, TextQuery query)
    {
        bool IsCommon(string match) => Count(
            connection, $"SELECT count(*) FROM (SELECT 1 FROM {fts} WHERE {fts} MATCH $match LIMIT {CommonMatches})", ("$match", match)) >= CommonMatches;

        var words = query.Terms.Where(term => !term.FunctionWord).ToList();
        if (words.Count == 0)
        {
            words = [.. query.Terms]; // nothing but function words: they are all the query has
        }

        var common = words.Where(term => IsCommon(Quote(term.Text))).ToList();
        if (common.Count == 0)
        {
            var refining = query.Terms.Except(words).Where(term => !IsCommon(Quote(term.Text))).ToList();
            return [(Refined(new TextQuery(words), new TextQuery(refining)), ByRank, Match(new TextQuery(words)))];
        }

        var selective = words.Except(common).ToList();
        var tiers = new List<(string Match, string Order, string Highlight)>();
        var notSelective = "";
        if (selective.Count > 0)
        {
            tiers.Add((Match(new TextQuery(selective)), ByRank, Match(new TextQuery(selective))));
            notSelective = $" NOT ({Match(new TextQuery(selective))})";
        }

        var commonMatch = Match(new TextQuery(common));
        var described = DescribingColumns.Select(columns => $"{columns} : ({commonMatch})").FirstOrDefault(match => !IsCommon(match));
        if (described is not null)
        {
            tiers.Add(($"({described}){notSelective}", ByRank, $"({described}){notSelective}"));
            notSelective += $" NOT ({described})";
        }

        tiers.Add(($"({commonMatch}){notSelective}", $"{fts}.rowid DESC", $"({commonMatch}){notSelective}"));
        return tiers;
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
    public Task<IReadOnlyList<DocumentOutline>> ListOutlinesAsync(string storeId, string prefix, string? afterPath, int limit, CancellationToken cancellationToken) =>
        ReadAsync(c => Many(
            c, $"""
                SELECT memory_id, path, summary, verified, expires, pin, skill_name, skill_description, problem
                FROM memory_docs INDEXED BY memory_docs_outline
                WHERE store_id = $store AND path {(afterPath is null ? ">= $prefix" : "> $after")} AND path < $end
                ORDER BY path LIMIT $limit
                """,
            r => new DocumentOutline(
                r.GetString(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2), r.IsDBNull(3) ? null : Rows.Time(r.GetInt64(3)),
                r.IsDBNull(4) ? null : Rows.Time(r.GetInt64(4)), r.GetInt32(5) == 1, r.IsDBNull(6) ? null : r.GetString(6),
                r.IsDBNull(7) ? null : r.GetString(7), r.IsDBNull(8) ? null : r.GetString(8)),
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
    public Task<IReadOnlyList<string>> StoresEmbeddedByOtherModelsAsync(string model, CancellationToken cancellationToken) =>
        ReadAsync(c => Many(
            c,
            """
            SELECT store_id FROM (SELECT DISTINCT store_id FROM chunk_vectors UNION SELECT DISTINCT store_id FROM embedding_queue) AS embedded
            WHERE NOT EXISTS (SELECT 1 FROM store_embedding_models m WHERE m.store_id = embedded.store_id AND m.model = $model)
            ORDER BY store_id
            """,
            r => r.GetString(0), ("$model", model)), cancellationToken);

    /// <summary>
    /// The FTS5 query for a set of terms: every term a quoted string (so nothing a user types is an operator),
    /// and any term may match.
    /// </summary>
    internal static string Match(TextQuery query) => string.Join(" OR ", query.Terms.Select(t => Quote(t.Text)));

    /// <summary>
    /// The memories <paramref name="words"/> match, ranked by them and the <paramref name="functionWords"/>: FTS5's BM25
    /// sums over every phrase of the expression, so the words, named twice, weigh twice what a function word does.
    /// </summary>
    private static string Refined(TextQuery words, TextQuery functionWords) => functionWords.Terms.Count == 0
        ? Match(words)
        : $"({Match(words)}) AND ({Match(words)} OR {Match(functionWords)})";

    private static string Quote(string text) => "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static SearchDocument ReadDocument(SqliteDataReader r) => new(
        r.GetString(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3), r.IsDBNull(4) ? null : r.GetString(4), r.IsDBNull(5) ? null : r.GetString(5),
        JsonSerializer.Deserialize<List<string>>(r.GetString(6)) ?? [], "", r.IsDBNull(7) ? null : Rows.Time(r.GetInt64(7)),
        r.IsDBNull(8) ? null : Rows.Time(r.GetInt64(8)), r.GetInt32(9) == 1, r.IsDBNull(10) ? null : r.GetString(10),
        r.IsDBNull(11) ? null : r.GetString(11), r.IsDBNull(12) ? null : r.GetString(12));
}
