namespace Engram.Postgres;

internal static partial class Schema
{
    /// <summary>
    /// The dreams tables of migration 1: one row per dream; its sessions, numbered when it is created, each with the
    /// analysis and model findings recorded for it once done (a resumed dream skips them); the patterns it considered.
    /// </summary>
    private const string Dreams = """
        CREATE TABLE dreams (
            id                    text COLLATE "C" PRIMARY KEY,
            status                integer NOT NULL,
            store_id              text COLLATE "C" NOT NULL,
            selection             text NOT NULL, -- JSON: ids as given and the filter
            instructions          text,
            model_id              text NOT NULL,
            model_speed           text NOT NULL,
            output_behavior       integer NOT NULL,
            output_store_id       text COLLATE "C",
            input_tokens          bigint NOT NULL DEFAULT 0,
            output_tokens         bigint NOT NULL DEFAULT 0,
            cache_creation_tokens bigint NOT NULL DEFAULT 0,
            cache_read_tokens     bigint NOT NULL DEFAULT 0,
            error_type            text,
            error_message         text,
            stage                 text NOT NULL,
            sessions_total        integer NOT NULL DEFAULT 0,
            sessions_analyzed     integer NOT NULL DEFAULT 0,
            proposals             integer NOT NULL DEFAULT 0,
            created_by_type       integer NOT NULL,
            created_by_id         text COLLATE "C" NOT NULL,
            api_key_id            text COLLATE "C",
            created_at            bigint NOT NULL,
            ended_at              bigint,
            archived_at           bigint,
            budget_reached        boolean NOT NULL DEFAULT false,
            effects               text, -- JSON: how earlier applied proposals' patterns fared in this dream's later sessions
            analysis              text,
            degraded_type         text,
            degraded_message      text,
            instructions_read     text  -- JSON: how the rules read each sentence of the instructions
        );
        CREATE INDEX dreams_by_created ON dreams (created_at DESC, id DESC);
        CREATE INDEX dreams_unfinished ON dreams (status, created_at, id) WHERE status IN (1, 2);

        CREATE TABLE dream_sessions (
            dream_id   text COLLATE "C" NOT NULL REFERENCES dreams (id) ON DELETE CASCADE,
            ordinal    integer NOT NULL,
            session_id text COLLATE "C" NOT NULL,
            analysis   text,    -- JSON once analysed: the session's agent, start, event count and signals
            signals    integer, -- how many signals the analysis holds (a model reads only sessions with some)
            findings   text,    -- JSON once a model read it: its findings for the session (and its batch's usage)
            PRIMARY KEY (dream_id, ordinal)
        );

        CREATE TABLE dream_patterns (
            dream_id text COLLATE "C" NOT NULL REFERENCES dreams (id) ON DELETE CASCADE,
            ordinal  integer NOT NULL,
            pattern  text NOT NULL, -- JSON: signature, kind, title, counts, decision, reason, detail, proposal id
            PRIMARY KEY (dream_id, ordinal)
        );
        """;
}
