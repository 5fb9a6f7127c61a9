using Microsoft.Data.Sqlite;

namespace Engram.Sqlite;

/// <summary>The database schema, applied as numbered migrations tracked in <c>PRAGMA user_version</c>.</summary>
internal static partial class Schema
{
    private static readonly Migration[] Migrations =
    [
        """
        CREATE TABLE stores (
            id          TEXT PRIMARY KEY,
            name        TEXT NOT NULL,
            description TEXT NOT NULL,
            metadata    TEXT NOT NULL,
            created_at  INTEGER NOT NULL,
            updated_at  INTEGER NOT NULL,
            archived_at INTEGER
        );
        CREATE INDEX stores_by_created ON stores (created_at DESC, id DESC);

        -- Content addressed by SHA-256: identical content is stored once, whatever store or version uses it.
        CREATE TABLE contents (
            sha256 TEXT PRIMARY KEY,
            body   TEXT NOT NULL
        );

        CREATE TABLE memories (
            store_id       TEXT NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
            id             TEXT NOT NULL,
            path           TEXT NOT NULL,
            content_sha256 TEXT NOT NULL REFERENCES contents (sha256),
            content_size   INTEGER NOT NULL,
            version_id     TEXT NOT NULL,
            created_at     INTEGER NOT NULL,
            updated_at     INTEGER NOT NULL,
            PRIMARY KEY (store_id, id)
        ) WITHOUT ROWID;
        CREATE UNIQUE INDEX memories_by_path ON memories (store_id, path);

        CREATE TABLE versions (
            store_id         TEXT NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
            id               TEXT NOT NULL,
            memory_id        TEXT NOT NULL,
            operation        INTEGER NOT NULL,
            path             TEXT,
            content_sha256   TEXT REFERENCES contents (sha256),
            content_size     INTEGER,
            created_at       INTEGER NOT NULL,
            actor_type       INTEGER,
            actor_id         TEXT,
            api_key_id       TEXT,
            reason           TEXT,
            redacted_at      INTEGER,
            redacted_by_type INTEGER,
            redacted_by_id   TEXT,
            PRIMARY KEY (store_id, id)
        ) WITHOUT ROWID;
        CREATE INDEX versions_by_created ON versions (store_id, created_at DESC, id DESC);
        CREATE INDEX versions_by_memory ON versions (store_id, memory_id, created_at DESC, id DESC);
        CREATE INDEX versions_by_actor ON versions (store_id, actor_type, actor_id, created_at DESC, id DESC);
        CREATE INDEX versions_by_api_key ON versions (store_id, api_key_id, created_at DESC, id DESC) WHERE api_key_id IS NOT NULL;
        """,
        """
        CREATE TABLE principals (
            id         TEXT PRIMARY KEY,
            kind       INTEGER NOT NULL,
            name       TEXT NOT NULL,
            role       INTEGER NOT NULL,
            created_at INTEGER NOT NULL
        );

        -- Only the SHA-256 of a key's secret is stored; the secret is shown once, at creation.
        CREATE TABLE api_keys (
            id            TEXT PRIMARY KEY,
            principal_id  TEXT NOT NULL REFERENCES principals (id),
            name          TEXT NOT NULL,
            hint          TEXT NOT NULL,
            secret_sha256 TEXT NOT NULL UNIQUE,
            created_at    INTEGER NOT NULL,
            revoked_at    INTEGER
        );
        CREATE INDEX api_keys_by_principal ON api_keys (principal_id, created_at DESC);
        """,
        """
        CREATE TABLE settings (key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
        INSERT INTO settings (key, value) VALUES ('policy_epoch', 0);

        CREATE TABLE principal_groups (
            principal_id TEXT NOT NULL REFERENCES principals (id),
            group_name   TEXT NOT NULL,
            PRIMARY KEY (principal_id, group_name)
        ) WITHOUT ROWID;

        CREATE TABLE policy_rules (
            id           TEXT PRIMARY KEY,
            store_id     TEXT,
            subject      TEXT NOT NULL,
            path         TEXT NOT NULL,
            capabilities INTEGER NOT NULL,
            effect       INTEGER NOT NULL,
            description  TEXT NOT NULL,
            created_at   INTEGER NOT NULL
        );

        CREATE TABLE sessions (
            id              TEXT PRIMARY KEY,
            agent           TEXT NOT NULL,
            title           TEXT NOT NULL,
            metadata        TEXT NOT NULL,
            created_by_type INTEGER,
            created_by_id   TEXT,
            token_sha256    TEXT NOT NULL UNIQUE,
            created_at      INTEGER NOT NULL,
            ended_at        INTEGER
        );
        CREATE INDEX sessions_by_created ON sessions (created_at DESC, id DESC);

        CREATE TABLE session_stores (
            session_id   TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
            store_id     TEXT NOT NULL,
            access       INTEGER NOT NULL,
            instructions TEXT NOT NULL,
            PRIMARY KEY (session_id, store_id)
        ) WITHOUT ROWID;

        CREATE TABLE proposals (
            store_id           TEXT NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
            id                 TEXT NOT NULL,
            memory_id          TEXT,
            operation          INTEGER NOT NULL,
            path               TEXT NOT NULL,
            new_path           TEXT,
            base_sha256        TEXT,
            content_sha256     TEXT REFERENCES contents (sha256),
            rationale          TEXT NOT NULL,
            author_type        INTEGER NOT NULL,
            author_id          TEXT NOT NULL,
            api_key_id         TEXT,
            status             INTEGER NOT NULL,
            created_at         INTEGER NOT NULL,
            decided_at         INTEGER,
            decided_by_type    INTEGER,
            decided_by_id      TEXT,
            decision_note      TEXT,
            applied_version_id TEXT,
            PRIMARY KEY (store_id, id)
        ) WITHOUT ROWID;
        CREATE INDEX proposals_by_created ON proposals (store_id, created_at DESC, id DESC);

        CREATE TABLE audit_events (
            id         TEXT PRIMARY KEY,
            at         INTEGER NOT NULL,
            actor_type INTEGER,
            actor_id   TEXT,
            api_key_id TEXT,
            action     TEXT NOT NULL,
            outcome    INTEGER NOT NULL,
            store_id   TEXT,
            target     TEXT,
            detail     TEXT
        );
        CREATE INDEX audit_by_time ON audit_events (at DESC, id DESC);

        ALTER TABLE versions ADD COLUMN proposal_id TEXT;
        ALTER TABLE versions ADD COLUMN reviewed_by_type INTEGER;
        ALTER TABLE versions ADD COLUMN reviewed_by_id TEXT;
        """,
        """
        -- Search: the current content of every memory, indexed for BM25 (porter stemming over unicode61).
        CREATE VIRTUAL TABLE memory_fts USING fts5(
            store, path, title, description, tags, body,
            tokenize = 'porter unicode61 remove_diacritics 2'
        );

        -- What indexes and the memory section show without loading content.
        CREATE TABLE memory_docs (
            store_id          TEXT NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
            memory_id         TEXT NOT NULL,
            fts_rowid         INTEGER NOT NULL,
            path              TEXT NOT NULL,
            content_sha256    TEXT NOT NULL,
            title             TEXT,
            description       TEXT,
            summary           TEXT,
            tags              TEXT NOT NULL,
            verified          INTEGER,
            expires           INTEGER,
            pin               INTEGER NOT NULL,
            skill_name        TEXT,
            skill_description TEXT,
            problem           TEXT,
            PRIMARY KEY (store_id, memory_id)
        ) WITHOUT ROWID;
        CREATE INDEX memory_docs_by_path ON memory_docs (store_id, path);
        CREATE UNIQUE INDEX memory_docs_by_fts ON memory_docs (fts_rowid);

        -- Writes queue their memory here; the indexer drains it off the write's critical path.
        CREATE TABLE index_queue (
            store_id  TEXT NOT NULL,
            memory_id TEXT NOT NULL,
            token     TEXT NOT NULL,
            PRIMARY KEY (store_id, memory_id)
        ) WITHOUT ROWID;

        CREATE TABLE embedding_queue (
            store_id  TEXT NOT NULL,
            memory_id TEXT NOT NULL,
            token     TEXT NOT NULL,
            PRIMARY KEY (store_id, memory_id)
        ) WITHOUT ROWID;

        CREATE TABLE chunk_vectors (
            store_id  TEXT NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
            memory_id TEXT NOT NULL,
            chunk     INTEGER NOT NULL,
            heading   TEXT NOT NULL,
            vector    BLOB NOT NULL,
            PRIMARY KEY (store_id, memory_id, chunk)
        ) WITHOUT ROWID;

        -- Every memory written before search existed is indexed on first use.
        INSERT INTO index_queue (store_id, memory_id, token) SELECT store_id, id, version_id FROM memories;
        """,
        """
        -- Each store's documents get their own range of full-text rowids (the store's rowid << 40), so a search
        -- seeks to its store's range instead of intersecting with a term every document of the store carries.
        -- The index is derived data: it is rebuilt from the memories.
        DROP TABLE memory_fts;
        CREATE VIRTUAL TABLE memory_fts USING fts5(
            path, title, description, tags, body,
            tokenize = 'porter unicode61 remove_diacritics 2'
        );
        DELETE FROM memory_docs;

        -- The memory section reads every memory's line in path order: one covering index, read in sequence.
        DROP INDEX memory_docs_by_path;
        CREATE INDEX memory_docs_outline ON memory_docs (store_id, path, memory_id, summary, verified, expires, pin, skill_name, skill_description, problem);
        INSERT INTO index_queue (store_id, memory_id, token) SELECT store_id, id, version_id FROM memories WHERE true
            ON CONFLICT (store_id, memory_id) DO UPDATE SET token = excluded.token;
        """,
        """
        -- A session may carry a transcript: imported from a file (source = its absolute path, so importing it
        -- again finds it) or appended live. Imported sessions are not principals: their token_sha256 holds
        -- 'transcript:' || id, which no SHA-256 of a token can equal.
        CREATE TABLE session_transcripts (
            session_id      TEXT PRIMARY KEY REFERENCES sessions (id) ON DELETE CASCADE,
            format          TEXT NOT NULL,
            source          TEXT UNIQUE,
            source_size     INTEGER NOT NULL,
            source_modified INTEGER,
            metadata        TEXT NOT NULL,
            events          INTEGER NOT NULL
        ) WITHOUT ROWID;

        CREATE TABLE session_events (
            session_id  TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
            idx         INTEGER NOT NULL,
            source_key  TEXT NOT NULL,
            kind        INTEGER NOT NULL,
            at          INTEGER,
            text        TEXT,
            tool_use_id TEXT,
            tool_name   TEXT,
            tool_input  TEXT,
            is_error    INTEGER NOT NULL,
            off_path    INTEGER NOT NULL,
            file        TEXT,
            line        INTEGER NOT NULL,
            raw         BLOB NOT NULL, -- the original record, compressed (RawRecords)
            PRIMARY KEY (session_id, idx)
        ); -- a rowid table: rows can be megabytes (tool results), which WITHOUT ROWID b-trees handle badly
        CREATE UNIQUE INDEX session_events_by_key ON session_events (session_id, source_key);
        CREATE INDEX session_events_by_time ON session_events (session_id, at);
        """,
        """
        -- Dreams: one row per dream; its sessions, resolved when it is created, each with the analysis recorded
        -- for it once done (a resumed dream skips them).
        CREATE TABLE dreams (
            id                    TEXT PRIMARY KEY,
            status                INTEGER NOT NULL,
            store_id              TEXT NOT NULL,
            selection             TEXT NOT NULL, -- JSON: ids as given and the filter
            instructions          TEXT,
            model_id              TEXT NOT NULL,
            model_speed           TEXT NOT NULL,
            output_behavior       INTEGER NOT NULL,
            output_store_id       TEXT,
            input_tokens          INTEGER NOT NULL DEFAULT 0,
            output_tokens         INTEGER NOT NULL DEFAULT 0,
            cache_creation_tokens INTEGER NOT NULL DEFAULT 0,
            cache_read_tokens     INTEGER NOT NULL DEFAULT 0,
            error_type            TEXT,
            error_message         TEXT,
            stage                 TEXT NOT NULL,
            sessions_total        INTEGER NOT NULL DEFAULT 0,
            sessions_analyzed     INTEGER NOT NULL DEFAULT 0,
            proposals             INTEGER NOT NULL DEFAULT 0,
            created_by_type       INTEGER NOT NULL,
            created_by_id         TEXT NOT NULL,
            api_key_id            TEXT,
            created_at            INTEGER NOT NULL,
            ended_at              INTEGER,
            archived_at           INTEGER,
            budget_reached        INTEGER NOT NULL DEFAULT 0,
            effects               TEXT -- JSON: how earlier applied proposals' patterns fared in this dream's later sessions
        );
        CREATE INDEX dreams_by_created ON dreams (created_at DESC, id DESC);
        CREATE INDEX dreams_unfinished ON dreams (status, created_at, id) WHERE status IN (1, 2);

        CREATE TABLE dream_sessions (
            dream_id   TEXT NOT NULL REFERENCES dreams (id) ON DELETE CASCADE,
            ordinal    INTEGER NOT NULL,
            session_id TEXT NOT NULL,
            analysis   TEXT,    -- JSON once analysed: the session's agent, start, event count and signals
            signals    INTEGER, -- how many signals the analysis holds (a model reads only sessions with some)
            findings   TEXT,    -- JSON once a model read it: its findings for the session (and its batch's usage)
            PRIMARY KEY (dream_id, ordinal)
        ) WITHOUT ROWID;

        -- Proposals a dream filed carry the dream and what it saw (kind, signature, statistics, evidence, flags).
        ALTER TABLE proposals ADD COLUMN dream_id TEXT;
        ALTER TABLE proposals ADD COLUMN origin TEXT;
        CREATE INDEX proposals_by_dream ON proposals (dream_id) WHERE dream_id IS NOT NULL;

        -- A version that applied a dream's proposal records the dream and the evidence sessions.
        ALTER TABLE versions ADD COLUMN dream_id TEXT;
        ALTER TABLE versions ADD COLUMN evidence_sessions TEXT;
        CREATE INDEX versions_by_dream ON versions (dream_id) WHERE dream_id IS NOT NULL;
        """,
        """
        -- A tool result's exit code, where the transcript's format records one (<returncode>N</returncode>).
        ALTER TABLE session_events ADD COLUMN exit_code INTEGER;
        """,
        """
        -- What a transcript's content is, wherever it lies ('principal:' || SHA-256, see TranscriptContent): the same
        -- transcript imported from another path is found by it, not recorded twice.
        ALTER TABLE session_transcripts ADD COLUMN content_id TEXT;
        CREATE INDEX session_transcripts_by_content ON session_transcripts (content_id) WHERE content_id IS NOT NULL;
        """,
        """
        -- What a dream's analysis ran on (rules alone, or rules and a model), and why a model path that failed left it
        -- with the rules' proposals (degraded), and every candidate pattern it considered with its decision.
        ALTER TABLE dreams ADD COLUMN analysis TEXT;
        ALTER TABLE dreams ADD COLUMN degraded_type TEXT;
        ALTER TABLE dreams ADD COLUMN degraded_message TEXT;

        CREATE TABLE dream_patterns (
            dream_id TEXT NOT NULL REFERENCES dreams (id) ON DELETE CASCADE,
            ordinal  INTEGER NOT NULL,
            pattern  TEXT NOT NULL, -- JSON: signature, kind, title, counts, decision, reason, detail, proposal id
            PRIMARY KEY (dream_id, ordinal)
        ) WITHOUT ROWID;
        """,
        """
        -- How the rules read each sentence of a dream's instructions (JSON), so a person sees what steered nothing.
        ALTER TABLE dreams ADD COLUMN instructions_read TEXT;
        """,
        """
        -- Which embedding model made each store's vectors, so a process running another model embeds the store again
        -- instead of comparing vectors from two models (their dimensions may match). Stores embedded before this
        -- was recorded have no row, and are embedded again once.
        CREATE TABLE store_embedding_models (
            store_id TEXT PRIMARY KEY REFERENCES stores (id) ON DELETE CASCADE,
            model    TEXT NOT NULL
        ) WITHOUT ROWID;
        """,
        new(
            """
            -- One full-text table per store (FtsTable), so BM25's statistics are the store's own: with one table for
            -- all stores, adding a store changed the ranking of every other (Schema.TablePerStore.cs moves the rows).
            DROP INDEX memory_docs_by_fts;
            """,
            Then: MoveToTablePerStore),
        """
        -- A worker's lease on the dream it runs (DreamWorker): who holds it and until when (ticks). A pending or running
        -- dream with no lease, or one that ended, may be claimed by any worker on the database; a running dream left
        -- by a process that stopped or died is taken up by another once its lease ends.
        ALTER TABLE dreams ADD COLUMN lease_holder TEXT;
        ALTER TABLE dreams ADD COLUMN lease_until INTEGER;
        """,
        """
        -- Each store's vector change number, and the memories whose vectors changed at which number (only the latest per
        -- memory), so every process holding a store's vectors in memory learns with one indexed read what others changed
        -- (EmbeddingIndexer). reset_seq is the latest change that dropped every vector of the store.
        CREATE TABLE vector_clock (
            store_id  TEXT PRIMARY KEY REFERENCES stores (id) ON DELETE CASCADE,
            seq       INTEGER NOT NULL,
            reset_seq INTEGER NOT NULL
        ) WITHOUT ROWID;

        CREATE TABLE vector_changes (
            store_id  TEXT NOT NULL,
            memory_id TEXT NOT NULL,
            seq       INTEGER NOT NULL,
            PRIMARY KEY (store_id, memory_id)
        ) WITHOUT ROWID;
        CREATE INDEX vector_changes_by_seq ON vector_changes (store_id, seq);
        """,
    ];

    /// <summary>One schema step: SQL, then optionally code for what SQL alone cannot say (a table per row, say).</summary>
    private sealed record Migration(string Sql, Action<SqliteConnection, SqliteTransaction>? Then = null)
    {
        public static implicit operator Migration(string sql) => new(sql);
    }

    /// <summary>Brings the database up to the newest schema; each migration commits on its own.</summary>
    public static void Migrate(SqliteConnection connection) => Migrate(connection, Latest);

    /// <summary>The newest schema version.</summary>
    public static int Latest => Migrations.Length;

    /// <summary>Brings the database up to schema version <paramref name="target"/> (tests build older databases with it).</summary>
    public static void Migrate(SqliteConnection connection, int target)
    {
        var current = Convert.ToInt32(Scalar(connection, "PRAGMA user_version"), System.Globalization.CultureInfo.InvariantCulture);
        if (current > Migrations.Length)
        {
            throw new InvalidOperationException(
                $"the database has schema version {current}, newer than this Engram understands ({Migrations.Length}); upgrade Engram");
        }

        for (var version = current; version < target; version++)
        {
            using var transaction = connection.BeginTransaction();
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = Migrations[version].Sql;
            command.ExecuteNonQuery();
            Migrations[version].Then?.Invoke(connection, transaction);
            command.CommandText = $"PRAGMA user_version = {version + 1};";
            command.ExecuteNonQuery();
            transaction.Commit();
        }
    }

    public static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
