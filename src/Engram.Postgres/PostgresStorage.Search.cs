using System.Data;
using Engram.Search;
using Engram.Storage;
using Npgsql;

namespace Engram.Postgres;

public sealed partial class PostgresStorage : ISearchIndexStorage
{
    /// <inheritdoc />
    /// <remarks>
    /// BM25 with field weights, computed as SQLite's FTS5 computes it (its IDF, its length normalization over all five
    /// fields, its weights), from the store's own postings and statistics; and in the same tiers once a word is common
    /// (<see cref="TextTier"/>). The whole search reads one snapshot, so the statistics, the matches and the documents
    /// agree. The ranking is computed over ids and scores; documents and snippets are read for the page alone.
    /// </remarks>
    public Task<IReadOnlyList<TextHit>> SearchTextAsync(string storeId, TextQuery query, TextFilter filter, int offset, int limit, CancellationToken cancellationToken)
    {
        if (query.Terms.Count == 0 || limit <= 0)
        {
            return Task.FromResult<IReadOnlyList<TextHit>>([]);
        }

        return SearchReadAsync<IReadOnlyList<TextHit>>(async c =>
        {
            var stats = await SearchRowsAsync(c, new TextSql(storeId), "SELECT docs, tokens FROM search_stats WHERE store_id = $1", r => (Docs: r.GetInt64(0), Tokens: r.GetInt64(1)), cancellationToken).ConfigureAwait(false);
            if (stats.Count == 0 || stats[0].Docs == 0)
            {
                return [];
            }

            var (docs, tokens) = stats[0];
            var tiers = await TextTier.OfAsync(query, phrases => IsCommonAsync(c, storeId, phrases, cancellationToken)).ConfigureAwait(false);

            var page = new List<(string MemoryId, double Score, TextTier Tier)>(limit);
            var skip = offset;
            foreach (var tier in tiers)
            {
                var sql = new TextSql(storeId);
                string statement;
                if (tier.Rank is null)
                {
                    statement = sql.NewestPage(tier, filter, skip, limit - page.Count);
                }
                else
                {
                    var idf = new Dictionary<TextPhrase, double>();
                    foreach (var phrase in tier.Rank.Where(p => !p.IsEmpty).Distinct())
                    {
                        var counting = new TextSql(storeId);
                        var standing = await SearchScalarAsync(c, counting, counting.CountDocs([phrase]), cancellationToken).ConfigureAwait(false);
                        idf[phrase] = TextSql.Idf(docs, standing);
                    }

                    statement = sql.RankedPage(tier, filter, idf, tokens / (double)docs, skip, limit - page.Count);
                }

                var rows = await SearchRowsAsync(c, sql, statement, r => (r.GetString(0), r.GetDouble(1), tier), cancellationToken).ConfigureAwait(false);
                page.AddRange(rows);
                if (page.Count == limit)
                {
                    break;
                }

                // This tier is exhausted: the rest of the offset falls in the next one.
                if (rows.Count == 0 && skip > 0)
                {
                    var counting = new TextSql(storeId);
                    skip -= (int)Math.Min(skip, await SearchScalarAsync(c, counting, $"SELECT count(*) {counting.Matching(tier, filter)}", cancellationToken).ConfigureAwait(false));
                }
                else
                {
                    skip = 0;
                }
            }

            var documents = await ReadDocumentsAsync(c, storeId, [.. page.Select(p => p.MemoryId)], filter.Snippets, cancellationToken).ConfigureAwait(false);
            var hits = new List<TextHit>(page.Count);
            foreach (var (memoryId, score, tier) in page)
            {
                if (documents.TryGetValue(memoryId, out var found))
                {
                    var snippet = filter.Snippets ? Snippet.Of(found.Body!, BodyPhrases(tier.Highlight)) : null;
                    hits.Add(new TextHit(memoryId, found.Document, found.UpdatedAt, score, snippet));
                }
            }

            return hits;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyDictionary<string, string>> SnippetsAsync(string storeId, TextQuery query, IReadOnlyCollection<string> memoryIds, CancellationToken cancellationToken)
    {
        var words = query.Terms.Where(term => !term.FunctionWord).ToList();
        if (memoryIds.Count == 0 || query.Terms.Count == 0)
        {
            return Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string>(StringComparer.Ordinal));
        }

        // Each memory's fields are tokenized here and the words matched in them: the postings are never scanned for
        // the query's words, however common.
        var phrases = (words.Count > 0 ? words : [.. query.Terms]).Select(TextPhrase.Of).Where(p => !p.IsEmpty).ToList();
        return SearchReadAsync<IReadOnlyDictionary<string, string>>(async c =>
        {
            var snippets = new Dictionary<string, string>(StringComparer.Ordinal);
            var documents = await ReadDocumentsAsync(c, storeId, [.. memoryIds], withBody: true, cancellationToken).ConfigureAwait(false);
            foreach (var (memoryId, (document, _, body)) in documents)
            {
                var columns = SearchPostings.ColumnTexts(document with { Body = body! });
                if (columns.Any(text => Snippet.Instances(TextTokenizer.Tokenize(text), [.. phrases.Select(p => p.Terms)]).Count > 0))
                {
                    snippets[memoryId] = Snippet.Of(body!, BodyPhrases(phrases));
                }
            }

            return snippets;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<(string MemoryId, SearchDocument Document, DateTimeOffset UpdatedAt)>> ListDocumentsAsync(
        string storeId, string prefix, string? afterPath, int limit, CancellationToken cancellationToken)
    {
        var sql = new TextSql(storeId);
        var statement = $"""
            SELECT {SearchDocumentColumns} FROM search_docs d JOIN memories m ON m.store_id = d.store_id AND m.id = d.memory_id
            WHERE d.store_id = $1 AND d.path {(afterPath is null ? ">=" : ">")} {sql.Add(afterPath ?? prefix)} AND d.path < {sql.Add(TextSql.UpperBound(prefix))}
            ORDER BY d.path LIMIT {sql.Add(limit)}
            """;
        return SearchReadAsync<IReadOnlyList<(string, SearchDocument, DateTimeOffset)>>(
            async c => await SearchRowsAsync(c, sql, statement, r => (r.GetString(0), ReadSearchDocument(r), SearchTime(r.GetInt64(13))), cancellationToken).ConfigureAwait(false),
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<DocumentOutline>> ListOutlinesAsync(string storeId, string prefix, string? afterPath, int limit, CancellationToken cancellationToken)
    {
        var sql = new TextSql(storeId);
        var statement = $"""
            SELECT memory_id, path, summary, verified, expires, pin, skill_name, skill_description, problem FROM search_docs
            WHERE store_id = $1 AND path {(afterPath is null ? ">=" : ">")} {sql.Add(afterPath ?? prefix)} AND path < {sql.Add(TextSql.UpperBound(prefix))}
            ORDER BY path LIMIT {sql.Add(limit)}
            """;
        return SearchReadAsync<IReadOnlyList<DocumentOutline>>(
            async c => await SearchRowsAsync(
                c, sql, statement,
                r => new DocumentOutline(
                    r.GetString(0), r.GetString(1), SearchText(r, 2), SearchTimeOrNull(r, 3), SearchTimeOrNull(r, 4), r.GetBoolean(5),
                    SearchText(r, 6), SearchText(r, 7), SearchText(r, 8)),
                cancellationToken).ConfigureAwait(false),
            cancellationToken);
    }

    /// <inheritdoc />
    public async Task<SearchDocument?> GetDocumentAsync(string storeId, string memoryId, CancellationToken cancellationToken) =>
        (await GetDocumentsAsync(storeId, [memoryId], cancellationToken).ConfigureAwait(false)) is [var found] ? found.Document : null;

    /// <inheritdoc />
    public Task<IReadOnlyList<(string MemoryId, SearchDocument Document, DateTimeOffset UpdatedAt)>> GetDocumentsAsync(
        string storeId, IReadOnlyCollection<string> memoryIds, CancellationToken cancellationToken) =>
        SearchReadAsync<IReadOnlyList<(string, SearchDocument, DateTimeOffset)>>(
            async c => [.. (await ReadDocumentsAsync(c, storeId, [.. memoryIds], withBody: false, cancellationToken).ConfigureAwait(false))
                .Select(found => (found.Key, found.Value.Document, found.Value.UpdatedAt))],
            cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<IndexWork>> PendingIndexWorkAsync(string? storeId, int limit, CancellationToken cancellationToken) =>
        PendingWorkAsync("index_queue", storeId, limit, cancellationToken);

    /// <summary>
    /// The documents named (those indexed and whose memory exists), by memory id; with their bodies when asked, read from
    /// the content the document was made of (the body is what <see cref="SearchDocument.Of"/> makes of it, as indexed).
    /// </summary>
    private static async Task<Dictionary<string, (SearchDocument Document, DateTimeOffset UpdatedAt, string? Body)>> ReadDocumentsAsync(
        NpgsqlConnection connection, string storeId, string[] memoryIds, bool withBody, CancellationToken cancellationToken)
    {
        if (memoryIds.Length == 0)
        {
            return new(StringComparer.Ordinal);
        }

        var sql = new TextSql(storeId);
        var statement = $"""
            SELECT {SearchDocumentColumns}{(withBody ? ", (SELECT c.body FROM contents c WHERE c.sha256 = d.content_sha256)" : "")}
            FROM search_docs d JOIN memories m ON m.store_id = d.store_id AND m.id = d.memory_id
            WHERE d.store_id = $1 AND d.memory_id = ANY({sql.Add(memoryIds)}::text[])
            """;
        var rows = await SearchRowsAsync(
            connection, sql, statement,
            r => (r.GetString(0), (ReadSearchDocument(r), SearchTime(r.GetInt64(13)), withBody ? BodyOf(r.GetString(1), r.GetString(2), r.IsDBNull(14) ? null : (byte[])r.GetValue(14)) : null)),
            cancellationToken).ConfigureAwait(false);
        return rows.ToDictionary(row => row.Item1, row => row.Item2, StringComparer.Ordinal);
    }

    /// <summary>
    /// The indexed body of a content, as the indexer made it (plain text when the parsers failed on it); empty when the
    /// content is gone (redacted after the document was indexed, before the indexer caught up).
    /// </summary>
    private static string BodyOf(string path, string sha256, byte[]? content)
    {
        if (content is null)
        {
            return "";
        }

        var text = System.Text.Encoding.UTF8.GetString(content);
        try
        {
            return SearchDocument.Of(path, sha256, text).Body;
        }
#pragma warning disable CA1031 // the indexer indexes content its parsers fail on as plain text; so is its body read here
        catch (Exception)
#pragma warning restore CA1031
        {
            return text;
        }
    }

    /// <summary>Whether memories holding any of the phrases number <see cref="TextTier.CommonMatches"/> or more (counting stops there).</summary>
    private static async Task<bool> IsCommonAsync(NpgsqlConnection connection, string storeId, IReadOnlyList<TextPhrase> phrases, CancellationToken cancellationToken)
    {
        var sql = new TextSql(storeId);
        return await SearchScalarAsync(connection, sql, sql.CountDocs(phrases, TextTier.CommonMatches), cancellationToken).ConfigureAwait(false) >= TextTier.CommonMatches;
    }

    /// <summary>The phrases a snippet marks: those that may match in the body.</summary>
    private static List<string[]> BodyPhrases(IEnumerable<TextPhrase> phrases) =>
        [.. phrases.Where(p => !p.IsEmpty && (p.Columns & (1 << SearchPostings.Body)) != 0).Select(p => p.Terms)];

    /// <summary>Runs <paramref name="read"/> in one read-only snapshot (repeatable read) on a pooled connection.</summary>
    private async Task<T> SearchReadAsync<T>(Func<NpgsqlConnection, Task<T>> read, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
        var result = await read(connection).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return result;
    }
}
