using System.CommandLine;
using Engram.Errors;
using Engram.Sqlite;

namespace Engram.Cli.Commands;

internal static class DemoCommand
{
    public static Command Build()
    {
        var directory = new Option<string?>("--dir") { Description = "Where to create the demo's data directory (default: a new temporary directory)" };
        return new Command("demo", "A guided tour on a fresh data directory: writes, a refused stale write, history, diff, revert, redaction")
            .With(directory)
            .Handle(async (run, ct) =>
            {
                var root = run.Parse.GetValue(directory) ?? Path.Combine(Path.GetTempPath(), $"engram-demo-{Guid.NewGuid():N}"[..24]);
                if (DataDirectory.Exists(root) || (Directory.Exists(root) && Directory.EnumerateFileSystemEntries(root).Any()))
                {
                    throw new InvalidRequestException("--dir", $"{root} is not empty; the demo needs a fresh directory");
                }

                var (data, _) = DataDirectory.Initialize(root, TimeProvider.System, "alice");
                await using var engine = new EngramEngine(data.OpenStorage());
                await new DemoTour(engine, data, run.Out).RunAsync(ct);
                return ExitCodes.Ok;
            });
    }
}
