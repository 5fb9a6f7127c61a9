namespace Engram.Postgres;

internal static partial class Schema
{
    /// <summary>
    /// The deployment's own settings of migration 1: the local operator, the user that local-mode commands
    /// (<c>engram --postgres ...</c>) act as, recorded once by <c>engram init --postgres</c>. One row at most
    /// (the key is always true); what a data directory keeps in <c>engram.json</c>.
    /// </summary>
    private const string Settings = """
        CREATE TABLE engram_local_operator (
            singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
            user_id text COLLATE "C" NOT NULL,
            user_name text NOT NULL,
            created_at bigint NOT NULL
        );
        """;
}
