using System.CommandLine;
using Engram.Errors;
using Engram.Sqlite;

namespace Engram.Cli.Commands;

internal static class DemoCommand
{
    public static Command Build() =>
        new Command("demo", "A guided tour on a fresh data directory (--data DIR, which must be new or empty; default: a new temporary one): writes, a refused stale write, history, diff, revert, redaction, a dream and its review")
            .Handle(async (run, ct) =>
            {
                if (run.ServerUrl is not null)
                {
                    throw new InvalidRequestException("--server", "the demo runs on a local data directory of its own; name one with --data, or none for a temporary one");
                }

                if (run.Parse.GetResult(GlobalOptions.Postgres) is { Implicit: false })
                {
                    throw new InvalidRequestException("--postgres", "the demo runs on a local data directory of its own; name one with --data, or none for a temporary one");
                }

                var (data, _) = DataDirectory.Initialize(Root(run), TimeProvider.System, "alice");
                await using var engine = new EngramEngine(data.OpenStorage());
                await new DemoTour(engine, data, run.Out).RunAsync(ct);
                return ExitCodes.Ok;
            });

    /// <summary>The directory the user named, checked to be fresh, else a new temporary one.</summary>
    private static string Root(CliRun run)
    {
        if (run.NamedDataPath is not { } named)
        {
            return Path.Combine(Path.GetTempPath(), $"engram-demo-{Guid.NewGuid():N}"[..24]);
        }

        var (path, namedBy) = named;

        // The demo writes its own store, agents and dream; it never adds them to data someone already has.
        var full = Path.GetFullPath(path);
        var refusal = File.Exists(full) ? $"{full} is a file; the demo needs a new or empty directory"
            : DataDirectory.Exists(full) ? $"{full} is an Engram data directory already; the demo writes a fresh one: name a new or empty directory, or none for a temporary one"
            : Directory.Exists(full) && Directory.EnumerateFileSystemEntries(full).Any() ? $"{full} is not empty; the demo needs a new or empty directory"
            : null;
        return refusal is null ? full : throw new InvalidRequestException(namedBy, refusal);
    }
}
