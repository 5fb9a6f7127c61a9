using System.CommandLine;
using Engram.Access;
using Engram.Sqlite;
using Engram.Wire;

namespace Engram.Cli.Commands;

internal static class InitCommand
{
    public static Command Build()
    {
        var name = new Option<string?>("--operator") { Description = "Name of the local operator (default: the OS user)" };
        return new Command("init", "Create the local data directory (database and manifest)").With(name).Handle(async (run, ct) =>
        {
            var (directory, created) = DataDirectory.Initialize(run.DataPath, TimeProvider.System, run.Parse.GetValue(name));
            CreatedApiKey? key = null;
            await using (var engine = new EngramEngine(directory.OpenStorage()))
            {
                // The local operator becomes the first admin, with a key for the server; shown this once.
                if (created)
                {
                    key = await engine.BootstrapAsync(directory.Manifest.LocalUserId, directory.Manifest.LocalUserName, ct);
                }
            }

            if (run.Json)
            {
                run.WriteJson(new Dictionary<string, object?>
                {
                    ["data_dir"] = directory.Root,
                    ["created"] = created,
                    ["local_user_id"] = directory.Manifest.LocalUserId,
                    ["local_user_name"] = directory.Manifest.LocalUserName,
                    ["api_key"] = key?.ToJson(),
                });
                return ExitCodes.Ok;
            }

            run.Line(created
                ? $"Initialized an Engram data directory at {directory.Root}"
                : $"{directory.Root} is already an Engram data directory; nothing changed");
            run.Line($"Local operator: {directory.Manifest.LocalUserName} ({directory.Manifest.LocalUserId}), admin");
            if (key is not null)
            {
                run.Line($"Admin API key ({key.Key.Id}), shown this once:");
                run.Line($"  {key.Secret}");
                run.Line($"Next: {Invocation.Command} store create NAME --description \"what this store holds\"; {Invocation.Command} serve to share it over HTTP");
            }

            return ExitCodes.Ok;
        });
    }
}
