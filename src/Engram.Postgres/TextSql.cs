using System.Globalization;
using Engram.Search;

namespace Engram.Postgres;

/// <summary>
/// The SQL of one full-text search of one store: its parameters ($1 is the store) and the statements that match,
/// count and rank phrases over <c>search_postings</c>. Every statement reads a store's postings through the
/// (store_id, term, memory_id) key, so only the query's terms are read, never the store's documents in bulk.
/// </summary>
internal sealed class TextSql
{
    // FTS5's bm25() constants.
    private const double K1 = 1.2;
    private const double B = 0.75;

    private readonly List<object?> _parameters = [];

    public TextSql(string storeId) => Add(storeId);

    /// <summary>The parameters of every statement built so far, in order.</summary>
    public IReadOnlyList<object?> Parameters => _parameters;

    /// <summary>Adds a parameter; returns its placeholder.</summary>
    public string Add(object? value)
    {
        _parameters.Add(value);
        return "$" + _parameters.Count.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The memories of the store where <paramref name="phrase"/> stands (one row each); or, with
    /// <paramref name="memory"/>, a row when it stands in that one (for EXISTS).
    /// </summary>
    public string PhraseDocs(TextPhrase phrase, string? memory = null)
    {
        var joins = string.Concat(phrase.Terms.Skip(1).Select((term, i) =>
            $" JOIN search_postings p{i + 1} ON p{i + 1}.store_id = p0.store_id AND p{i + 1}.memory_id = p0.memory_id AND p{i + 1}.term = {Add(term)}"));
        var where = $"p0.store_id = $1 AND p0.term = {Add(phrase.Terms[0])}{(memory is null ? "" : $" AND p0.memory_id = {memory}")}";
        if (phrase.Terms.Length > 1)
        {
            where += $" AND EXISTS (SELECT 1 FROM unnest(p0.positions) x WHERE {Adjacent(phrase)})";
        }
        else if (phrase.Columns != SearchPostings.AllColumns)
        {
            where += $" AND (p0.columns & {phrase.Columns}) <> 0";
        }

        return $"SELECT p0.memory_id FROM search_postings p0{joins} WHERE {where}";
    }

    /// <summary>The memories where any of the phrases stands.</summary>
    public string AnyDocs(IEnumerable<TextPhrase> phrases) =>
        string.Join(" UNION ", phrases.Where(p => !p.IsEmpty).Select(p => $"({PhraseDocs(p)})").DefaultIfEmpty("(SELECT NULL::text AS memory_id WHERE false)"));

    /// <summary>How many memories hold the phrases, counting up to <paramref name="limit"/>.</summary>
    public string CountDocs(IEnumerable<TextPhrase> phrases, int? limit = null) =>
        $"SELECT count(*) FROM (SELECT 1 FROM ({AnyDocs(phrases)}) u{(limit is null ? "" : $" LIMIT {limit.Value.ToString(CultureInfo.InvariantCulture)}")}) c";

    /// <summary>
    /// The weighted frequency of <paramref name="phrase"/> in memory <c>d</c>: the sum, over every place it stands in
    /// its columns, of that column's weight (FTS5's bm25 frequency).
    /// </summary>
    public string Frequency(TextPhrase phrase)
    {
        var joins = string.Concat(phrase.Terms.Skip(1).Select((term, i) =>
            $" JOIN search_postings p{i + 1} ON p{i + 1}.store_id = p0.store_id AND p{i + 1}.memory_id = p0.memory_id AND p{i + 1}.term = {Add(term)}"));
        var weights = Add(SearchPostings.Weights);
        return $"""
            (SELECT coalesce(sum(({weights}::float8[])[(x >> {SearchPostings.OffsetBits}) + 1]), 0::float8)
             FROM search_postings p0{joins} CROSS JOIN LATERAL unnest(p0.positions) x
             WHERE p0.store_id = $1 AND p0.term = {Add(phrase.Terms[0])} AND p0.memory_id = d.memory_id AND {Adjacent(phrase)})
            """;
    }

    /// <summary>The condition on <c>d</c> (search_docs) and <c>m</c> (memories) of a filter, with the join to memories it needs.</summary>
    public (string Join, string Where) Filter(TextFilter filter)
    {
        var where = $"d.path >= {Add(filter.PathPrefix)} AND d.path < {Add(UpperBound(filter.PathPrefix))}";
        if (filter.Tags.Count > 0)
        {
            where += $" AND d.tag_list @> {Add(filter.Tags.ToArray())}::text[]";
        }

        if (filter.UpdatedSince is { } since)
        {
            where += $" AND m.updated_at >= {Add(since.UtcTicks)}";
            return ("CROSS JOIN LATERAL (SELECT m.updated_at FROM memories m WHERE m.store_id = $1 AND m.id = d.memory_id LIMIT 1) m", where);
        }

        return ("", where);
    }

    /// <summary>
    /// FROM and WHERE of a tier: the store's documents matching it and the filter (<c>d</c> is the document). The plan is
    /// fixed whether or not the tables have statistics yet (a store just imported has none until autovacuum analyzes
    /// it, and a guess of one row per term led to nested loops over whole terms): the matches are found from the
    /// postings of the tier's terms, then each match's document and memory are read by key (a LATERAL subquery with a
    /// LIMIT is never flattened into a join), and each excluded phrase is looked up per match by key (an EXISTS with an
    /// OFFSET is never turned into an anti-join).
    /// </summary>
    public string Matching(TextTier tier, TextFilter filter)
    {
        var (join, where) = Filter(filter);
        var exclude = string.Concat(tier.Exclude.Where(p => !p.IsEmpty).Select(p => $" AND NOT EXISTS ({PhraseDocs(p, "d.memory_id")} OFFSET 0)"));
        return $"""
            FROM ({AnyDocs(tier.Match)} OFFSET 0) c
            CROSS JOIN LATERAL (SELECT d.memory_id, d.seq, d.path, d.tag_list, d.tokens FROM search_docs d WHERE d.store_id = $1 AND d.memory_id = c.memory_id LIMIT 1) d
            {join}
            WHERE {where}{exclude}
            """;
    }

    /// <summary>
    /// A page of a ranked tier: (memory id, BM25 score) by score, then path. The score is FTS5's bm25() to the bit: the
    /// same constants, the same operations in the same order, summed over the phrases in the order the expression names
    /// them, negated (lower is better).
    /// </summary>
    public string RankedPage(TextTier tier, TextFilter filter, IReadOnlyDictionary<TextPhrase, double> idf, double averageLength, int offset, int limit)
    {
        var distinct = tier.Rank!.Where(idf.ContainsKey).Distinct().ToList();
        var frequencies = string.Concat(distinct.Select((phrase, i) => $", {Frequency(phrase)} AS f{i}"));
        var (k1, oneMinusB, b, k1PlusOne, average) = (Add(K1), Add(1 - B), Add(B), Add(K1 + 1.0), Add(averageLength));
        var terms = string.Concat(tier.Rank!.Where(idf.ContainsKey).Select(phrase =>
        {
            var f = $"s.f{distinct.IndexOf(phrase)}";
            return $" + {Add(idf[phrase])}::float8 * (({f} * {k1PlusOne}::float8) / ({f} + {k1}::float8 * ({oneMinusB}::float8 + {b}::float8 * s.tokens::float8 / {average}::float8)))";
        }));
        return $"""
            SELECT s.memory_id, -1.0::float8 * (0::float8{terms}) AS score, s.path
            FROM (SELECT d.memory_id, d.path, d.tokens{frequencies} {Matching(tier, filter)} OFFSET 0) s
            ORDER BY score, s.path LIMIT {Add(limit)} OFFSET {Add(offset)}
            """;
    }

    /// <summary>A page of the newest-first tier: (memory id, 0) by when each memory was indexed, newest first.</summary>
    public string NewestPage(TextTier tier, TextFilter filter, int offset, int limit) =>
        $"SELECT d.memory_id, 0::float8 AS score, d.path {Matching(tier, filter)} ORDER BY d.seq DESC LIMIT {Add(limit)} OFFSET {Add(offset)}";

    /// <summary>FTS5's IDF of a phrase standing in <paramref name="hits"/> of <paramref name="rows"/> documents.</summary>
    public static double Idf(long rows, long hits)
    {
        var idf = Math.Log((rows - hits + 0.5) / (hits + 0.5));
        return idf <= 0.0 ? 1e-6 : idf;
    }

    /// <summary>The smallest text above every path under <paramref name="prefix"/> (ending in '/'): '/' is followed by '0'.</summary>
    public static string UpperBound(string prefix) =>
        prefix.EndsWith('/') ? string.Concat(prefix.AsSpan(0, prefix.Length - 1), "0") : throw new ArgumentException("a path prefix ends with '/'", nameof(prefix));

    /// <summary>The condition on position <c>x</c> of p0 that the phrase's next terms follow it, in its columns.</summary>
    private static string Adjacent(TextPhrase phrase)
    {
        var conditions = phrase.Terms.Skip(1).Select((_, i) => $"x + {i + 1} = ANY(p{i + 1}.positions)").ToList();
        if (phrase.Columns != SearchPostings.AllColumns)
        {
            conditions.Add($"((1 << (x >> {SearchPostings.OffsetBits})) & {phrase.Columns}) <> 0");
        }

        return conditions.Count == 0 ? "true" : string.Join(" AND ", conditions);
    }
}
