namespace Engram.Postgres;

internal static partial class Schema
{
    /// <summary>
    /// The memories tables of migration 1: stores, content addressed by SHA-256 (stored once, whatever store or
    /// version uses it), live memories (one per path of a store) and their append-only versions. A body is the
    /// content's exact UTF-8 bytes (<c>bytea</c>: <c>text</c> cannot hold U+0000, which memory content may).
    /// The <c>content_sha256</c> indexes let a redaction or a store's deletion find a content's other users
    /// without scanning every version.
    /// </summary>
    private const string Memories = """
        CREATE TABLE stores (
            id          text COLLATE "C" PRIMARY KEY,
            name        text NOT NULL,
            description text NOT NULL,
            metadata    text NOT NULL,
            created_at  bigint NOT NULL,
            updated_at  bigint NOT NULL,
            archived_at bigint
        );
        CREATE INDEX stores_by_created ON stores (created_at DESC, id DESC);

        CREATE TABLE contents (
            sha256 text COLLATE "C" PRIMARY KEY,
            body   bytea NOT NULL
        );

        CREATE TABLE memories (
            store_id       text COLLATE "C" NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
            id             text COLLATE "C" NOT NULL,
            path           text COLLATE "C" NOT NULL,
            content_sha256 text COLLATE "C" NOT NULL REFERENCES contents (sha256),
            content_size   bigint NOT NULL,
            version_id     text COLLATE "C" NOT NULL,
            created_at     bigint NOT NULL,
            updated_at     bigint NOT NULL,
            PRIMARY KEY (store_id, id)
        );
        CREATE UNIQUE INDEX memories_by_path ON memories (store_id, path);
        CREATE INDEX memories_by_content ON memories (content_sha256);

        CREATE TABLE versions (
            store_id          text COLLATE "C" NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
            id                text COLLATE "C" NOT NULL,
            memory_id         text COLLATE "C" NOT NULL,
            operation         integer NOT NULL,
            path              text COLLATE "C",
            content_sha256    text COLLATE "C" REFERENCES contents (sha256),
            content_size      bigint,
            created_at        bigint NOT NULL,
            actor_type        integer,
            actor_id          text COLLATE "C",
            api_key_id        text COLLATE "C",
            reason            text,
            redacted_at       bigint,
            redacted_by_type  integer,
            redacted_by_id    text COLLATE "C",
            proposal_id       text COLLATE "C",
            reviewed_by_type  integer,
            reviewed_by_id    text COLLATE "C",
            dream_id          text COLLATE "C",
            evidence_sessions text,
            PRIMARY KEY (store_id, id)
        );
        CREATE INDEX versions_by_created ON versions (store_id, created_at DESC, id DESC);
        CREATE INDEX versions_by_memory ON versions (store_id, memory_id, created_at DESC, id DESC);
        CREATE INDEX versions_by_actor ON versions (store_id, actor_type, actor_id, created_at DESC, id DESC);
        CREATE INDEX versions_by_api_key ON versions (store_id, api_key_id, created_at DESC, id DESC) WHERE api_key_id IS NOT NULL;
        CREATE INDEX versions_by_dream ON versions (dream_id) WHERE dream_id IS NOT NULL;
        CREATE INDEX versions_by_content ON versions (content_sha256) WHERE content_sha256 IS NOT NULL;
        """;
}
