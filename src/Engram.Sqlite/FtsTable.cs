namespace Engram.Sqlite;

/// <summary>
/// Each store's full-text index is an FTS5 table of its own, created with the store and dropped with it. BM25's
/// statistics (how many documents, their average field lengths, how many contain each word) are then the store's
/// alone, so a store ranks the same whatever other stores hold. The table is named from the store id rather than
/// its rowid, which VACUUM may renumber; the id is quoted, so no id can break out of the name.
/// </summary>
internal static class FtsTable
{
    /// <summary>The quoted name of the store's table; also what <c>bm25()</c>, <c>snippet()</c> and <c>MATCH</c> take.</summary>
    public static string Of(string storeId) => "\"memory_fts_" + storeId.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>Porter stemming over unicode61: "deploys" finds "deploying"; accents are ignored.</summary>
    public static string Create(string storeId) =>
        $"CREATE VIRTUAL TABLE {Of(storeId)} USING fts5(path, title, description, tags, body, tokenize = 'porter unicode61 remove_diacritics 2')";

    public static string Drop(string storeId) => $"DROP TABLE IF EXISTS {Of(storeId)}";
}
