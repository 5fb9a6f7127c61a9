namespace Engram.Postgres;

internal static partial class Schema
{
    /// <summary>
    /// The search tables of migration 1. SQLite keeps a full-text table per store; here one postings table holds every
    /// store's, keyed by store first, with each store's document count and token total beside it, so BM25's statistics
    /// are still the store's own (<see cref="PostgresStorage.SearchTextAsync"/>). Every row goes with its store.
    /// </summary>
    private const string Search = """
        -- Each indexed memory's document. seq orders documents as they were indexed (the newest-first tier), as FTS5's
        -- rowid does; tokens is the number of terms in all five fields (BM25's document length). The body is not kept
        -- here: snippets read it from the memory's content, so a redaction that erases content leaves no copy of its text.
        CREATE SEQUENCE search_docs_seq;
        CREATE TABLE search_docs (
            store_id          text COLLATE "C" NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
            memory_id         text COLLATE "C" NOT NULL,
            seq               bigint NOT NULL DEFAULT nextval('search_docs_seq'),
            path              text COLLATE "C" NOT NULL,
            content_sha256    text NOT NULL,
            title             text,
            description       text,
            summary           text,
            tags              text NOT NULL,
            tag_list          text[] COLLATE "C" NOT NULL,
            verified          bigint,
            expires           bigint,
            pin               boolean NOT NULL,
            skill_name        text,
            skill_description text,
            problem           text,
            tokens            integer NOT NULL,
            PRIMARY KEY (store_id, memory_id)
        );
        CREATE INDEX search_docs_outline ON search_docs (store_id, path)
            INCLUDE (memory_id, summary, verified, expires, pin, skill_name, skill_description, problem);
        CREATE INDEX search_docs_by_seq ON search_docs (store_id, seq);

        -- One row per (store, term, document): where the term stands (column << 24 | offset, ascending) and in which
        -- columns (a bit per column: path 1, title 2, description 4, tags 8, body 16).
        CREATE TABLE search_postings (
            store_id  text COLLATE "C" NOT NULL,
            term      text COLLATE "C" NOT NULL,
            memory_id text COLLATE "C" NOT NULL,
            columns   smallint NOT NULL,
            positions integer[] NOT NULL,
            PRIMARY KEY (store_id, term, memory_id),
            FOREIGN KEY (store_id, memory_id) REFERENCES search_docs (store_id, memory_id) ON DELETE CASCADE
        );
        CREATE INDEX search_postings_by_memory ON search_postings (store_id, memory_id);

        -- BM25's statistics of each store: its documents and their tokens. The row is also what serializes index
        -- writes to one store (each takes it first), so the totals never drift.
        CREATE TABLE search_stats (
            store_id text COLLATE "C" PRIMARY KEY REFERENCES stores (id) ON DELETE CASCADE,
            docs     bigint NOT NULL,
            tokens   bigint NOT NULL
        );

        -- Writes queue their memory here; the indexer drains it off the write's critical path.
        CREATE TABLE index_queue (
            store_id  text COLLATE "C" NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
            memory_id text COLLATE "C" NOT NULL,
            token     text COLLATE "C" NOT NULL,
            PRIMARY KEY (store_id, memory_id)
        );
        CREATE INDEX index_queue_by_token ON index_queue (token);

        CREATE TABLE embedding_queue (
            store_id  text COLLATE "C" NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
            memory_id text COLLATE "C" NOT NULL,
            token     text COLLATE "C" NOT NULL,
            PRIMARY KEY (store_id, memory_id)
        );
        CREATE INDEX embedding_queue_by_token ON embedding_queue (token);

        -- Section vectors: float32 little-endian, as SQLite stores them.
        CREATE TABLE chunk_vectors (
            store_id  text COLLATE "C" NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
            memory_id text COLLATE "C" NOT NULL,
            chunk     integer NOT NULL,
            heading   text NOT NULL,
            vector    bytea NOT NULL,
            PRIMARY KEY (store_id, memory_id, chunk)
        );

        CREATE TABLE store_embedding_models (
            store_id text COLLATE "C" PRIMARY KEY REFERENCES stores (id) ON DELETE CASCADE,
            model    text NOT NULL
        );
        """;
}
