namespace Engram.Postgres;

internal static partial class Schema
{
    /// <summary>The audit tables of migration 1: an append-only log, read newest first.</summary>
    private const string Audit = """
        CREATE TABLE audit_events (
            id         text COLLATE "C" PRIMARY KEY,
            at         bigint NOT NULL,
            actor_type integer,
            actor_id   text COLLATE "C",
            api_key_id text COLLATE "C",
            action     text COLLATE "C" NOT NULL,
            outcome    integer NOT NULL,
            store_id   text COLLATE "C",
            target     text,
            detail     text
        );
        CREATE INDEX audit_by_time ON audit_events (at DESC, id DESC);
        """;
}
