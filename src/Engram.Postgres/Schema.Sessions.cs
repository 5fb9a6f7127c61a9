namespace Engram.Postgres;

internal static partial class Schema
{
    /// <summary>
    /// The sessions tables of migration 1: sessions (live ones by the SHA-256 of their token; imported ones hold
    /// <c>'transcript:' || id</c>, which no SHA-256 equals), their store attachments, transcripts and events.
    /// </summary>
    private const string Sessions = """
        CREATE TABLE sessions (
            id              text COLLATE "C" PRIMARY KEY,
            agent           text COLLATE "C" NOT NULL,
            title           text NOT NULL,
            metadata        text NOT NULL,
            created_by_type integer,
            created_by_id   text COLLATE "C",
            token_sha256    text COLLATE "C" NOT NULL UNIQUE,
            created_at      bigint NOT NULL,
            ended_at        bigint
        );
        CREATE INDEX sessions_by_created ON sessions (created_at DESC, id DESC);

        CREATE TABLE session_stores (
            session_id   text COLLATE "C" NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
            store_id     text COLLATE "C" NOT NULL,
            access       integer NOT NULL,
            instructions text NOT NULL,
            PRIMARY KEY (session_id, store_id)
        );

        -- source: the importing principal and the file's absolute path, so importing it again finds it.
        CREATE TABLE session_transcripts (
            session_id      text COLLATE "C" PRIMARY KEY REFERENCES sessions (id) ON DELETE CASCADE,
            format          text NOT NULL,
            source          text COLLATE "C" UNIQUE,
            source_size     bigint NOT NULL,
            source_modified bigint,
            metadata        text NOT NULL,
            events          bigint NOT NULL,
            content_id      text COLLATE "C"
        );
        CREATE INDEX session_transcripts_by_content ON session_transcripts (content_id, session_id) WHERE content_id IS NOT NULL;

        CREATE TABLE session_events (
            session_id  text COLLATE "C" NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
            idx         bigint NOT NULL,
            source_key  text COLLATE "C" NOT NULL,
            kind        integer NOT NULL,
            at          bigint,
            text        text,
            tool_use_id text,
            tool_name   text,
            tool_input  text,
            is_error    boolean NOT NULL,
            off_path    boolean NOT NULL,
            file        text,
            line        bigint NOT NULL,
            exit_code   integer,
            raw         bytea NOT NULL, -- the original record, Brotli-compressed by the library (RawRecords)
            PRIMARY KEY (session_id, idx)
        );
        -- Already compressed: TOAST stores it out of line without trying to compress it again.
        ALTER TABLE session_events ALTER COLUMN raw SET STORAGE EXTERNAL;
        CREATE UNIQUE INDEX session_events_by_key ON session_events (session_id, source_key);
        CREATE INDEX session_events_by_time ON session_events (session_id, at);
        """;
}
