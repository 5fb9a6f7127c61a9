using System.CommandLine;
using Engram.Sqlite;

namespace Engram.Cli.Commands;

internal static class InitCommand
{
    public static Command Build()
    {
        var name = new Option<string?>("--operator") { Description = "Name of the local operator (default: the OS user)" };
        return new Command("init", "Create the local data directory (database and manifest)").With(name).Handle(async (run, cancellationToken) =>
        {
            var (directory, created) = DataDirectory.Initialize(run.DataPath, TimeProvider.System, run.Parse.GetValue(name));
            await using (directory.OpenStorage())
            {
                // Opening creates the database and applies the schema.
            }

            if (run.Json)
            {
                run.WriteJson(new Dictionary<string, object>
                {
                    ["data_dir"] = directory.Root,
                    ["created"] = created,
                    ["local_user_id"] = directory.Manifest.LocalUserId,
                    ["local_user_name"] = directory.Manifest.LocalUserName,
                });
                return ExitCodes.Ok;
            }

            run.Line(created
                ? $"Initialized an Engram data directory at {directory.Root}"
                : $"{directory.Root} is already an Engram data directory; nothing changed");
            run.Line($"Local operator: {directory.Manifest.LocalUserName} ({directory.Manifest.LocalUserId})");
            if (created)
            {
                run.Line("Next: engram store create NAME --description \"what this store holds\"");
            }

            return ExitCodes.Ok;
        });
    }
}
