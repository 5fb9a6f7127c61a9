namespace Engram.Postgres;

internal static partial class Schema
{
    /// <summary>
    /// The access tables of migration 1: principals, their keys (by the SHA-256 of the secret only), groups, policy
    /// rules, and the policy epoch. The epoch is one row every node reads (<c>settings</c>): a unit that changes rules
    /// or groups moves it on in the same transaction, and each node's rule cache reloads once it sees a new value. The
    /// row is made by the first change (an absent row reads as 0), so a copy of a deployment brings its epoch along.
    /// </summary>
    private const string Access = """
        CREATE TABLE principals (
            id         text COLLATE "C" PRIMARY KEY,
            kind       integer NOT NULL,
            name       text NOT NULL,
            role       integer NOT NULL,
            created_at bigint NOT NULL
        );
        CREATE INDEX principals_by_created ON principals (created_at DESC, id DESC);

        -- Only the SHA-256 of a key's secret is stored; the secret is shown once, at creation.
        CREATE TABLE api_keys (
            id            text COLLATE "C" PRIMARY KEY,
            principal_id  text COLLATE "C" NOT NULL REFERENCES principals (id),
            name          text NOT NULL,
            hint          text NOT NULL,
            secret_sha256 text COLLATE "C" NOT NULL UNIQUE,
            created_at    bigint NOT NULL,
            revoked_at    bigint
        );
        CREATE INDEX api_keys_by_principal ON api_keys (principal_id, created_at DESC, id DESC);
        CREATE INDEX api_keys_by_created ON api_keys (created_at DESC, id DESC);

        CREATE TABLE settings (
            key   text COLLATE "C" PRIMARY KEY,
            value bigint NOT NULL
        );

        CREATE TABLE principal_groups (
            principal_id text COLLATE "C" NOT NULL REFERENCES principals (id),
            group_name   text COLLATE "C" NOT NULL,
            PRIMARY KEY (principal_id, group_name)
        );

        CREATE TABLE policy_rules (
            id           text COLLATE "C" PRIMARY KEY,
            store_id     text COLLATE "C",
            subject      text COLLATE "C" NOT NULL,
            path         text COLLATE "C" NOT NULL,
            capabilities integer NOT NULL,
            effect       integer NOT NULL,
            description  text NOT NULL,
            created_at   bigint NOT NULL
        );
        """;
}
