namespace Engram.Postgres;

internal static partial class Schema
{
    /// <summary>
    /// Migration 3: each store's vector change number, and the memories whose vectors changed at which number (only the
    /// latest per memory), as SQLite's migration of the same name. Every node holding a store's vectors in memory learns
    /// with one indexed read what other nodes changed (<c>EmbeddingIndexer</c>). Writers bump the clock row first, so it
    /// is locked until they commit: a store's numbers commit in order, and a reader that sees number n has seen every
    /// change up to n. <c>reset_seq</c> is the latest change that dropped every vector of the store.
    /// </summary>
    private const string VectorChanges = """
        CREATE TABLE vector_clock (
            store_id  text COLLATE "C" PRIMARY KEY REFERENCES stores (id) ON DELETE CASCADE,
            seq       bigint NOT NULL,
            reset_seq bigint NOT NULL
        );

        CREATE TABLE vector_changes (
            store_id  text COLLATE "C" NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
            memory_id text COLLATE "C" NOT NULL,
            seq       bigint NOT NULL,
            PRIMARY KEY (store_id, memory_id)
        );
        CREATE INDEX vector_changes_by_seq ON vector_changes (store_id, seq);
        """;
}
