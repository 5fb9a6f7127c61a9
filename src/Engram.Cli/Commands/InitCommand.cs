using System.CommandLine;
using Engram.Access;
using Engram.Wire;

namespace Engram.Cli.Commands;

internal static class InitCommand
{
    public static Command Build()
    {
        var name = new Option<string?>("--operator") { Description = "Name of the local operator (default: the OS user)" };
        return new Command("init", "Create the local data directory (database and manifest), or with --postgres set up the PostgreSQL database: its schema and local operator").With(name).Handle(async (run, ct) =>
        {
            var backend = run.Backend();
            var initialized = await backend.InitializeAsync(run.Parse.GetValue(name), ct);
            var created = initialized.Created;
            CreatedApiKey? key = null;
            await using (var engine = new EngramEngine(initialized.Storage))
            await using (initialized.Hold)
            {
                // The local operator becomes the first admin, with a key for the server; shown this once.
                if (initialized.Bootstrap)
                {
                    key = await engine.BootstrapAsync(initialized.LocalUserId, initialized.LocalUserName, ct);
                }
            }

            if (run.Json)
            {
                run.WriteJson(new Dictionary<string, object?>
                {
                    [backend.JsonLocation.Name] = backend.JsonLocation.Value,
                    ["created"] = created,
                    ["local_user_id"] = initialized.LocalUserId,
                    ["local_user_name"] = initialized.LocalUserName,
                    ["api_key"] = key?.ToJson(),
                });
                return ExitCodes.Ok;
            }

            run.Line(backend.Initialized(created));
            run.Line($"Local operator: {initialized.LocalUserName} ({initialized.LocalUserId}), admin");
            if (key is not null)
            {
                run.Line($"Admin API key ({key.Key.Id}), shown this once:");
                run.Line($"  {key.Secret}");
                run.Line($"Next: {backend.Command} store create NAME --description \"what this store holds\"; {backend.Command} serve to share it over HTTP");
            }

            return ExitCodes.Ok;
        });
    }
}
