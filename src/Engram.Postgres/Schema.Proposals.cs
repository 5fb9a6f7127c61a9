namespace Engram.Postgres;

internal static partial class Schema
{
    /// <summary>
    /// The proposals tables of migration 1: changes waiting for review, their content stored by hash in
    /// <c>contents</c> like memory content, and the dream and evidence of those a dream filed.
    /// </summary>
    private const string Proposals = """
        CREATE TABLE proposals (
            store_id           text COLLATE "C" NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
            id                 text COLLATE "C" NOT NULL,
            memory_id          text COLLATE "C",
            operation          integer NOT NULL,
            path               text COLLATE "C" NOT NULL,
            new_path           text COLLATE "C",
            base_sha256        text COLLATE "C",
            content_sha256     text COLLATE "C" REFERENCES contents (sha256),
            rationale          text NOT NULL,
            author_type        integer NOT NULL,
            author_id          text COLLATE "C" NOT NULL,
            api_key_id         text COLLATE "C",
            status             integer NOT NULL,
            created_at         bigint NOT NULL,
            decided_at         bigint,
            decided_by_type    integer,
            decided_by_id      text COLLATE "C",
            decision_note      text,
            applied_version_id text COLLATE "C",
            dream_id           text COLLATE "C",
            origin             text,
            PRIMARY KEY (store_id, id)
        );
        CREATE INDEX proposals_by_created ON proposals (store_id, created_at DESC, id DESC);
        CREATE INDEX proposals_by_dream ON proposals (dream_id) WHERE dream_id IS NOT NULL;
        CREATE INDEX proposals_by_content ON proposals (content_sha256) WHERE content_sha256 IS NOT NULL;
        """;
}
