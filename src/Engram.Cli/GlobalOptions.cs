using System.CommandLine;
using Engram.Sqlite;

namespace Engram.Cli;

/// <summary>Options every command accepts.</summary>
internal static class GlobalOptions
{
    public static readonly Option<string> Data = new("--data")
    {
        Description = "Local data directory (default: $ENGRAM_DATA, else ./.engram)",
        Recursive = true,
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("ENGRAM_DATA") is { Length: > 0 } value ? value : DataDirectory.DefaultPath,
    };

    public static readonly Option<string?> Postgres = new("--postgres")
    {
        Description = "Work on a PostgreSQL database (an Npgsql connection string) instead of a data directory (default: $ENGRAM_POSTGRES)",
        Recursive = true,
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("ENGRAM_POSTGRES") is { Length: > 0 } value ? value : null,
    };

    public static readonly Option<bool> Json = new("--json")
    {
        Description = "Machine-readable JSON output (the HTTP API's shapes)",
        Recursive = true,
    };

    public static readonly Option<string?> Store = new("--store", "-s")
    {
        Description = "Store id or name (default: $ENGRAM_STORE, else the only store)",
        Recursive = true,
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("ENGRAM_STORE") is { Length: > 0 } value ? value : null,
    };

    public static readonly Option<Durability> DurabilityOption = new("--durability")
    {
        Description = "full: every acknowledged write survives power loss (default); normal: survives a process crash only",
        Recursive = true,
        DefaultValueFactory = _ => Enum.TryParse<Durability>(Environment.GetEnvironmentVariable("ENGRAM_DURABILITY"), ignoreCase: true, out var value) ? value : Durability.Full,
    };

    public static readonly Option<string?> Server = new("--server")
    {
        Description = "Work against an Engram server instead of a data directory (default: $ENGRAM_SERVER)",
        Recursive = true,
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("ENGRAM_SERVER") is { Length: > 0 } value ? value : null,
    };

    public static readonly Option<string?> ApiKey = new("--api-key", "--token")
    {
        Description = "API key or session token to act as (default: $ENGRAM_API_KEY); with --server it is required",
        Recursive = true,
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("ENGRAM_API_KEY") is { Length: > 0 } value ? value : null,
    };

    public static void AddTo(Command root)
    {
        root.Options.Add(Server);
        root.Options.Add(ApiKey);
        root.Options.Add(Data);
        root.Options.Add(Postgres);
        root.Options.Add(Json);
        root.Options.Add(Store);
        root.Options.Add(DurabilityOption);
    }
}
